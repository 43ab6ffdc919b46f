namespace Strata.Model;

/// <summary>
/// Thrown when a configuration cannot be loaded, interpolated, migrated or validated.
/// <see cref="Errors"/> holds every problem found, each with its <c>file:line:column</c>.
/// It is a <see cref="FormatException"/>, the type <c>Microsoft.Extensions.Configuration</c> file providers throw for a
/// malformed file, so code that catches that keeps working when the configuration comes from Strata.
/// </summary>
public sealed class ConfigurationLoadException : FormatException
{
    /// <summary>Creates an exception for one or more errors.</summary>
    /// <param name="errors">The errors; at least one.</param>
    public ConfigurationLoadException(IReadOnlyList<ConfigurationError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception for one error.</summary>
    /// <param name="error">The error.</param>
    public ConfigurationLoadException(ConfigurationError error)
        : this([error])
    {
    }

    /// <summary>Creates an exception with a message and no located errors.</summary>
    public ConfigurationLoadException()
        : this([new ConfigurationError(string.Empty, 0, 0, string.Empty, "the configuration could not be loaded")])
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConfigurationLoadException(string message)
        : this([new ConfigurationError(string.Empty, 0, 0, string.Empty, message)])
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ConfigurationError(string.Empty, 0, 0, string.Empty, message)];
    }

    /// <summary>Every problem found, in the order found.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count switch
        {
            0 => "the configuration could not be loaded",
            1 => errors[0].ToString(),
            _ => string.Join(Environment.NewLine, errors),
        };
    }
}
