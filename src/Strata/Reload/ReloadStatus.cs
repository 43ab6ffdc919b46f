namespace Strata.Reload;

/// <summary>What a reload did.</summary>
public enum ReloadStatus
{
    /// <summary>A new version was published.</summary>
    Published,

    /// <summary>The content was identical to the current version: nothing was published.</summary>
    Unchanged,

    /// <summary>The pipeline failed: the current version stays.</summary>
    Failed,

    /// <summary>A new version was published, failed the health check, and an earlier one was republished.</summary>
    RolledBack,
}
