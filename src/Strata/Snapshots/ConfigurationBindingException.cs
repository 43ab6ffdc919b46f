using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// Thrown when a value cannot be converted to the requested type. The message reads
/// <c>file:line:column: path: what is wrong</c>.
/// </summary>
public sealed class ConfigurationBindingException : Exception
{
    /// <summary>Creates an exception for one located error.</summary>
    /// <param name="error">The error.</param>
    public ConfigurationBindingException(ConfigurationError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Creates an exception with a message.</summary>
    public ConfigurationBindingException()
        : this(new ConfigurationError(string.Empty, 0, 0, string.Empty, "a value could not be converted"))
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConfigurationBindingException(string message)
        : this(new ConfigurationError(string.Empty, 0, 0, string.Empty, message))
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationBindingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new ConfigurationError(string.Empty, 0, 0, string.Empty, message);
    }

    /// <summary>The located error.</summary>
    public ConfigurationError Error { get; }
}
