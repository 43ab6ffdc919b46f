namespace Strata.Validation;

/// <summary>What to do with a configuration key that no rule of the schema declares.</summary>
public enum UnknownKeyPolicy
{
    /// <summary>Report a warning (the default); the configuration stays valid.</summary>
    Warn,

    /// <summary>Report an error (strict mode).</summary>
    Error,

    /// <summary>Say nothing.</summary>
    Ignore,
}
