using Strata.Model;
using Strata.Snapshots;

namespace Strata.Migration;

/// <summary>
/// Everything about migrating one configuration: the version found and how, the steps taken, every
/// transformation applied or skipped and why, the errors, and the configuration before and after.
/// </summary>
public sealed class MigrationReport
{
    private IReadOnlyList<ConfigChange>? _changes;
    private (IReadOnlyList<KeyValuePair<ConfigPath, ConfigPath>> Moved, IReadOnlyList<ConfigChange> Other)? _moves;

    internal MigrationReport(string source, LayerKind layer, ConfigMap original, VersionDetection detection)
    {
        Source = source;
        Layer = layer;
        Original = original;
        Result = original;
        Detection = detection;
    }

    /// <summary>The configuration's source (a file path, relative where possible).</summary>
    public string Source { get; }

    /// <summary>The layer the configuration belongs to.</summary>
    public LayerKind Layer { get; }

    /// <summary>How the starting version was determined.</summary>
    public VersionDetection Detection { get; }

    /// <summary>The version migrated from (for an undetermined version, the latest version it was taken to be at).</summary>
    public string? FromVersion { get; internal set; }

    /// <summary>The version asked for.</summary>
    public string? TargetVersion { get; internal set; }

    /// <summary>The version the result is at: <see cref="TargetVersion"/> on success, <see cref="FromVersion"/> otherwise.</summary>
    public string? ToVersion => Succeeded ? TargetVersion ?? FromVersion : FromVersion;

    /// <summary>The steps attempted, in order; the last one may have failed.</summary>
    internal IReadOnlyList<MigrationStepReport> Steps { get; set; } = [];

    /// <summary>Every transformation of every step, in order.</summary>
    internal IEnumerable<OperationReport> Operations => Steps.SelectMany(s => s.Operations);

    /// <summary>Why the configuration could not be migrated; empty on success.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; internal set; } = [];

    /// <summary>A remark for a configuration left alone on purpose, e.g. one whose version is undetermined.</summary>
    public string? Note { get; internal set; }

    /// <summary>True when the migration failed because no chain of scripts leads from the version found to the target.</summary>
    internal bool NoPath { get; set; }

    /// <summary>The configuration before.</summary>
    public ConfigMap Original { get; }

    /// <summary>The configuration after: migrated on success, the original otherwise.</summary>
    public ConfigMap Result { get; internal set; }

    /// <summary>True when no error occurred.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>True when the migration succeeded and took at least one step.</summary>
    public bool Migrated => Succeeded && Steps.Count > 0;

    /// <summary>The changed keys between <see cref="Original"/> and <see cref="Result"/>.</summary>
    public IReadOnlyList<ConfigChange> Changes => _changes ??= ConfigDiff.Compute(Original, Result);

    /// <summary>
    /// Keys whose value moved unchanged to another path (a rename, move, merge or split), as old path to new path;
    /// each also appears in <see cref="Changes"/> as a removal and an addition.
    /// </summary>
    public IReadOnlyList<KeyValuePair<ConfigPath, ConfigPath>> MovedKeys => Moves().Moved;

    /// <summary>The <see cref="Changes"/> that are not part of a move in <see cref="MovedKeys"/>.</summary>
    public IReadOnlyList<ConfigChange> OtherChanges => Moves().Other;

    private (IReadOnlyList<KeyValuePair<ConfigPath, ConfigPath>> Moved, IReadOnlyList<ConfigChange> Other) Moves()
    {
        if (_moves is { } done)
        {
            return done;
        }

        var rewrites = Rewrites;
        var added = Changes.Where(c => c.Kind == ChangeKind.Added).GroupBy(c => PathRewrite.Key(c.Path)).ToDictionary(g => g.Key, g => g.First());
        var moved = new List<KeyValuePair<ConfigPath, ConfigPath>>();
        var paired = new HashSet<ConfigChange>(ReferenceEqualityComparer.Instance);
        foreach (var removed in Changes.Where(c => c.Kind == ChangeKind.Removed))
        {
            if (PathRewrite.Apply(removed.Path, rewrites) is { } to && added.TryGetValue(PathRewrite.Key(to), out var addition)
                && addition.NewValue is not null && addition.NewValue.ValueEquals(removed.OldValue) && paired.Add(addition))
            {
                paired.Add(removed);
                moved.Add(new(removed.Path, addition.Path));
            }
        }

        _moves = (moved, [.. Changes.Where(c => !paired.Contains(c))]);
        return _moves.Value;
    }

    /// <summary>One line per step taken, e.g. <c>1.0 -&gt; 1.1: agent parameters per agent type</c>; empty unless <see cref="Migrated"/>.</summary>
    public IReadOnlyList<string> Applied => Migrated ? [.. Steps.Select(s => s.Migration.Title)] : [];

    internal IReadOnlyList<PathRewrite> Rewrites => Migrated ? [.. Steps.SelectMany(s => s.Rewrites)] : [];
}
