namespace Strata.Migration;

/// <summary>What the <see cref="MigrationTool"/> did with one file.</summary>
public enum FileMigrationStatus
{
    /// <summary>The file was rewritten at the target version (a backup was kept unless turned off).</summary>
    Migrated,

    /// <summary>Dry run: the file would be rewritten; nothing was written.</summary>
    WouldMigrate,

    /// <summary>The file is already at the target version (or its version is undetermined and taken as current); untouched.</summary>
    UpToDate,

    /// <summary>The file could not be migrated or written; it is untouched.</summary>
    Failed,
}
