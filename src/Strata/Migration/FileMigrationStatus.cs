namespace Strata.Migration;

/// <summary>What the <see cref="MigrationTool"/> did with one file.</summary>
public enum FileMigrationStatus
{
    /// <summary>The file was rewritten at the target version (a backup was kept unless turned off), or written to the output.</summary>
    Migrated,

    /// <summary>Dry run: the file would be rewritten; nothing was written.</summary>
    WouldMigrate,

    /// <summary>The file is already at the target version (or its version is undetermined and taken as current); untouched.</summary>
    UpToDate,

    /// <summary>The file could not be migrated or written; it is untouched.</summary>
    Failed,

    /// <summary>
    /// No chain of migration scripts leads from the file's version to the target (a version the scripts do not
    /// know, or a downgrade nobody wrote); the file is untouched.
    /// </summary>
    NoPath,
}
