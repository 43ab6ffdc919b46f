namespace Strata.Migration;

/// <summary>How one run of the <see cref="MigrationTool"/> behaves.</summary>
/// <param name="DryRun">When true, nothing is written: results show what would change.</param>
/// <param name="Backup">When true (the default), the original of every file rewritten in place is kept beside it as <c>&lt;name&gt;.bak</c>.</param>
public sealed record MigrationRunOptions(bool DryRun = false, bool Backup = true)
{
    /// <summary>Write files, keeping backups.</summary>
    public static MigrationRunOptions Default { get; } = new();

    /// <summary>
    /// The version of files that carry no version key (<c>config_version</c> or <c>version</c>). It takes the place
    /// of detection rules and of the detector's default; a file's own version key always wins.
    /// </summary>
    /// <value>Null (the default): such files are identified by the detection rules, or taken to be current.</value>
    public string? FromVersion { get; init; }

    /// <summary>
    /// Where migrated files are written instead of being rewritten in place; no backup is made then. For one file, a
    /// file path, or an existing directory to write a file of the same name into. For a directory, a directory
    /// (created when missing, and not inside the directory migrated) that receives every file at the same
    /// relative path: migrated files in their new form, files already at the target as they are. An output file
    /// that already exists is never overwritten: that file fails. An output equal to the input means in place.
    /// </summary>
    /// <value>Null (the default): files are rewritten in place.</value>
    public string? Output { get; init; }
}
