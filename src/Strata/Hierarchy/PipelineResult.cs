using Strata.Model;
using Strata.Snapshots;

namespace Strata.Hierarchy;

/// <summary>The outcome of one run of the pipeline (a load or a reload).</summary>
/// <param name="Snapshot">The candidate snapshot; null when any stage failed.</param>
/// <param name="Errors">Every error found; empty on success.</param>
/// <param name="Warnings">Warnings (for example unknown keys); they never stop a snapshot.</param>
/// <param name="Files">The files the layers came from, relative to the config directory: read in this run or, when known unchanged, taken from its cache.</param>
/// <param name="FilesParsed">How many of them had to be parsed (their content changed since the last run).</param>
/// <param name="Migrations">Migration steps applied, one line each.</param>
/// <param name="ChangedFiles">Files whose content differs from the previous run of the same pipeline (added, changed or removed).</param>
public sealed record PipelineResult(
    ConfigSnapshot? Snapshot,
    IReadOnlyList<ConfigurationError> Errors,
    IReadOnlyList<ConfigurationError> Warnings,
    IReadOnlyList<string> Files,
    int FilesParsed,
    IReadOnlyList<string> Migrations,
    IReadOnlyList<string> ChangedFiles)
{
    /// <summary>True when a snapshot was produced.</summary>
    public bool Succeeded => Snapshot is not null;

    /// <summary>Exceptions that no stage anticipated, each already reported in <see cref="Errors"/>; kept for logging.</summary>
    internal IReadOnlyList<Exception> Exceptions { get; init; } = [];
}
