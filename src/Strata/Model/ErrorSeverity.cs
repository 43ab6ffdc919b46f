namespace Strata.Model;

/// <summary>How serious a reported problem is.</summary>
public enum ErrorSeverity
{
    /// <summary>The configuration cannot be used.</summary>
    Error,

    /// <summary>Worth fixing, but the configuration can be used.</summary>
    Warning,
}
