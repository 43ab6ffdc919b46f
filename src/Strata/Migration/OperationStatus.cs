namespace Strata.Migration;

/// <summary>What happened to one transformation during a migration.</summary>
internal enum OperationStatus
{
    /// <summary>The transformation changed the configuration.</summary>
    Applied,

    /// <summary>The transformation did not apply (its condition was not met, its source key was missing, ...); the reason says why.</summary>
    Skipped,

    /// <summary>The transformation could not be applied; the migration of this file failed and nothing was changed.</summary>
    Failed,
}
