namespace Strata.Migration;

/// <summary>How a configuration's version was determined.</summary>
public enum VersionDetectionMethod
{
    /// <summary>From an explicit <c>config_version</c> (or <c>version</c>) key.</summary>
    ExplicitKey,

    /// <summary>From a detection rule declared in a migration script.</summary>
    Rule,

    /// <summary>From the detector's configured default version.</summary>
    Default,

    /// <summary>
    /// Nothing identified the version: no version key, no matching rule and no default. Such a configuration is
    /// taken to be at the latest version and is never migrated by surprise.
    /// </summary>
    Undetermined,

    /// <summary>
    /// Stated by the caller for a configuration without a version key (<see cref="MigrationRunOptions.FromVersion"/>,
    /// <c>strata migrate --from</c>); it takes the place of the detection rules and the default.
    /// </summary>
    Stated,
}
