namespace Strata.Migration;

/// <summary>The outcome of migrating every configuration file of a directory.</summary>
/// <param name="Directory">The directory.</param>
/// <param name="TargetVersion">The version asked for.</param>
/// <param name="DryRun">Whether nothing was written.</param>
/// <param name="Files">One result per file, in path order.</param>
public sealed record DirectoryMigrationResult(string Directory, string TargetVersion, bool DryRun, IReadOnlyList<FileMigrationResult> Files)
{
    /// <summary>Files rewritten.</summary>
    public int Migrated => Count(FileMigrationStatus.Migrated);

    /// <summary>Files a dry run would rewrite.</summary>
    public int WouldMigrate => Count(FileMigrationStatus.WouldMigrate);

    /// <summary>Files already at the target version.</summary>
    public int UpToDate => Count(FileMigrationStatus.UpToDate);

    /// <summary>Files that failed (and were left untouched).</summary>
    public int Failed => Count(FileMigrationStatus.Failed);

    /// <summary>Files no chain of scripts leads from to the target version (left untouched).</summary>
    public int NoPath => Count(FileMigrationStatus.NoPath);

    /// <summary>True when no file failed and every file had a migration path.</summary>
    public bool Succeeded => Failed == 0 && NoPath == 0;

    /// <summary>
    /// The summary line: <c>20 files: 17 migrated, 0 up to date, 3 failed</c>, followed by <c>, 1 with no path</c>
    /// when some file had no migration path.
    /// </summary>
    public string Summary =>
        $"{Files.Count} file{(Files.Count == 1 ? string.Empty : "s")}: " + (DryRun ? $"{WouldMigrate} would be migrated" : $"{Migrated} migrated") + $", {UpToDate} up to date, {Failed} failed"
        + (NoPath > 0 ? $", {NoPath} with no path" : string.Empty);

    private int Count(FileMigrationStatus status) => Files.Count(f => f.Status == status);
}
