namespace Strata.Migration;

/// <summary>How one run of the <see cref="MigrationTool"/> behaves.</summary>
/// <param name="DryRun">When true, nothing is written: results show what would change.</param>
/// <param name="Backup">When true (the default), the original of every rewritten file is kept beside it as <c>&lt;name&gt;.bak</c>.</param>
public sealed record MigrationRunOptions(bool DryRun = false, bool Backup = true)
{
    /// <summary>Write files, keeping backups.</summary>
    public static MigrationRunOptions Default { get; } = new();
}
