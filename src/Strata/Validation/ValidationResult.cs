using Strata.Model;

namespace Strata.Validation;

/// <summary>The outcome of validating one configuration: every error and warning found, not only the first.</summary>
public sealed class ValidationResult
{
    /// <summary>Creates a result from problems in the order found.</summary>
    /// <param name="problems">Errors and warnings.</param>
    public ValidationResult(IEnumerable<ValidationError> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        All = [.. problems];
        Errors = [.. All.Where(p => p.Severity == ErrorSeverity.Error)];
        Warnings = [.. All.Where(p => p.Severity == ErrorSeverity.Warning)];
    }

    /// <summary>A result with no problems.</summary>
    public static ValidationResult Valid { get; } = new([]);

    /// <summary>Every problem, in the order found.</summary>
    public IReadOnlyList<ValidationError> All { get; }

    /// <summary>The errors: any one of them makes the configuration invalid.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>The warnings: worth fixing, but the configuration can be used.</summary>
    public IReadOnlyList<ValidationError> Warnings { get; }

    /// <summary>True when there are no errors (warnings are allowed).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Every problem as the core error type, in the order found.</summary>
    public IReadOnlyList<ConfigurationError> ToConfigurationErrors() => [.. All.Select(p => p.ToConfigurationError())];

    /// <summary>Throws <see cref="ConfigurationLoadException"/> with every error when the result is not valid.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ConfigurationLoadException([.. Errors.Select(e => e.ToConfigurationError())]);
        }
    }

    /// <summary>Combines results, keeping the order.</summary>
    /// <param name="results">The results.</param>
    public static ValidationResult Combine(params IEnumerable<ValidationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new(results.SelectMany(r => r.All));
    }
}
