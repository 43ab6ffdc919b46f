using Strata.Model;

namespace Strata.Migration;

/// <summary>What happened to one file in a <see cref="MigrationTool"/> run.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="DisplayPath">The file as named in messages (relative to the directory migrated, or as given).</param>
/// <param name="Layer">The layer the file was migrated as (from its folder: environments/, agents/, else global).</param>
/// <param name="Status">Migrated, would migrate, up to date, failed, or no path.</param>
/// <param name="Report">The migration report, when the file could be read.</param>
/// <param name="Errors">Why the file failed; empty otherwise.</param>
public sealed record FileMigrationResult(string Path, string DisplayPath, LayerKind Layer, FileMigrationStatus Status, MigrationReport? Report, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>
    /// Where the file was written (or, in a dry run, would be written) when the run had an
    /// <see cref="MigrationRunOptions.Output"/>; null for a file rewritten in place or not written.
    /// </summary>
    public string? OutputPath { get; init; }

    /// <summary>Where the original was copied to, when the file was rewritten with a backup.</summary>
    public string? BackupPath { get; init; }

    /// <summary>The new content (written, or that would be written in a dry run). Like the file itself, it holds values in clear: do not print it where secrets must not appear.</summary>
    public string? NewContent { get; init; }

    /// <summary>Comments of the original that have no place in the new file (their key was deleted, or they sat where they cannot be kept).</summary>
    public int CommentsDropped { get; init; }
}
