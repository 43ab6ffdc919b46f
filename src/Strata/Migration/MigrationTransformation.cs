using Strata.Model;
using Strata.Secrets;

namespace Strata.Migration;

/// <summary>
/// One operation of a <see cref="ConfigurationMigration"/>, as written in a script's <c>transformations</c> list:
/// <c>operation</c>, <c>source_path</c>, <c>target_path</c>, <c>value</c>, <c>description</c>, an optional
/// <c>condition</c>, and the Strata additions <c>required</c>, <c>overwrite</c>, <c>layers</c>, <c>targets</c>
/// and <c>separator</c>. Transformations work on the immutable tree: applying one returns a new tree and
/// leaves the input untouched. Values that are moved, renamed, copied, merged or split keep their original
/// <see cref="Origin"/>; values a script writes (<c>add</c>, <c>modify</c>) carry the script's location.
/// </summary>
public sealed record MigrationTransformation
{
    /// <summary>The layers <c>add</c> applies to unless <see cref="Layers"/> says otherwise: only the global layer,
    /// because defaults added to an environment or agent file would override the base values beneath them.</summary>
    public static IReadOnlySet<LayerKind> AddDefaultLayers { get; } = new HashSet<LayerKind> { LayerKind.Global };

    /// <summary>What the transformation does.</summary>
    public required MigrationOperation Operation { get; init; }

    /// <summary>The key read (rename, move, copy, delete, modify, merge, split).</summary>
    public ConfigPath? SourcePath { get; init; }

    /// <summary>The key written (rename, move, copy, add, merge; for split, the map the parts go under).</summary>
    public ConfigPath? TargetPath { get; init; }

    /// <summary>For split: the keys that receive the parts of a list or of a string cut at <see cref="Separator"/>, in order.</summary>
    public IReadOnlyList<ConfigPath> Targets { get; init; } = [];

    /// <summary>For split of a string: the text between parts.</summary>
    public string? Separator { get; init; }

    /// <summary>The value written by add and modify (a <c>null</c> scalar for <c>value: null</c>).</summary>
    public ConfigNode? Value { get; init; }

    /// <summary>When set, the transformation applies only when the condition holds.</summary>
    public MigrationCondition? Condition { get; init; }

    /// <summary>What the transformation is for, in words.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>When true, a missing source key fails the migration instead of skipping the transformation.</summary>
    public bool Required { get; init; }

    /// <summary>When true, rename, move, copy and split replace a target that already exists (otherwise they skip).</summary>
    public bool Overwrite { get; init; }

    /// <summary>The layers the transformation applies to; null for the default (every layer, except <c>add</c>: global only).</summary>
    public IReadOnlySet<LayerKind>? Layers { get; init; }

    /// <summary>Where the transformation is written in its script, when it came from one.</summary>
    public Origin? Origin { get; init; }

    /// <summary>The script spelling of the operation (<c>rename</c>, <c>move</c>, ...).</summary>
    public string OperationName => Name(Operation);

    /// <summary>The script spelling of an operation.</summary>
    /// <param name="operation">The operation.</param>
    public static string Name(MigrationOperation operation) => operation.ToString().ToLowerInvariant();

    /// <summary>Reads the script spelling of an operation (case and surrounding spaces ignored).</summary>
    /// <param name="name">The name, e.g. <c>rename</c>.</param>
    /// <param name="operation">The operation.</param>
    public static bool TryParseOperation(string name, out MigrationOperation operation)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Trim();
        foreach (var candidate in Enum.GetValues<MigrationOperation>())
        {
            if (string.Equals(Name(candidate), wanted, StringComparison.OrdinalIgnoreCase))
            {
                operation = candidate;
                return true;
            }
        }

        operation = default;
        return false;
    }

    /// <summary>True when the transformation applies to configurations of <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer being migrated.</param>
    public bool AppliesTo(LayerKind layer) =>
        (Layers ?? (Operation == MigrationOperation.Add ? AddDefaultLayers : null))?.Contains(layer) ?? true;

    /// <summary>A one-line summary such as <c>move width -&gt; environment.width</c>.</summary>
    public string Summary => Operation switch
    {
        MigrationOperation.Add => $"add {TargetPath}",
        MigrationOperation.Delete or MigrationOperation.Modify => $"{OperationName} {SourcePath}",
        MigrationOperation.Split when Targets.Count > 0 => $"split {SourcePath} -> {string.Join(", ", Targets)}",
        _ => $"{OperationName} {SourcePath} -> {TargetPath}",
    };

    /// <summary>
    /// Checks that the fields fit the operation; returns the problems, empty when the transformation is usable.
    /// Scripts are checked when they are loaded, so a bad script never reaches a configuration.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var needsSource = Operation != MigrationOperation.Add;
        var needsTarget = Operation is MigrationOperation.Rename or MigrationOperation.Move or MigrationOperation.Copy or MigrationOperation.Add or MigrationOperation.Merge;
        var needsValue = Operation is MigrationOperation.Add or MigrationOperation.Modify;
        var op = OperationName;
        if (needsSource && SourcePath is null)
        {
            problems.Add($"{op} needs source_path");
        }

        if (!needsSource && SourcePath is not null)
        {
            problems.Add($"{op} takes no source_path (it writes target_path)");
        }

        if (needsTarget && TargetPath is null)
        {
            problems.Add($"{op} needs target_path");
        }

        if (Operation is MigrationOperation.Delete or MigrationOperation.Modify && TargetPath is not null)
        {
            problems.Add($"{op} takes no target_path; source_path names the key to {(Operation == MigrationOperation.Delete ? "delete" : "change")}");
        }

        if (needsValue && Value is null)
        {
            problems.Add($"{op} needs value (write 'value: null' for a null)");
        }

        if (!needsValue && Value is not null)
        {
            problems.Add($"{op} takes no value");
        }

        if (Operation == MigrationOperation.Split)
        {
            if ((TargetPath is null) == (Targets.Count == 0))
            {
                problems.Add("split needs either target_path (a map whose keys become keys under it) or targets (a list of keys for the parts of a list or string), not both");
            }
        }
        else if (Targets.Count > 0 || Separator is not null)
        {
            problems.Add($"{op} takes no targets or separator (only split does)");
        }

        if (Separator is { Length: 0 })
        {
            problems.Add("separator cannot be empty");
        }

        if (Required && !needsSource)
        {
            problems.Add($"required applies to operations that read a source_path, not to {op}");
        }

        if (Overwrite && Operation is not (MigrationOperation.Rename or MigrationOperation.Move or MigrationOperation.Copy or MigrationOperation.Split))
        {
            problems.Add($"overwrite applies to rename, move, copy and split, not to {op} ({(Operation == MigrationOperation.Add ? "use modify to change an existing value" : "it never creates a key")})");
        }

        if (Layers is { Count: 0 })
        {
            problems.Add("layers cannot be empty");
        }

        foreach (var target in TargetPath is null ? Targets : [TargetPath, .. Targets])
        {
            CheckPaths(problems, target);
        }

        if (Targets.Count != Targets.Distinct().Count())
        {
            problems.Add("targets must be different keys");
        }

        return problems;
    }

    /// <summary>
    /// Applies the transformation to one configuration: checks the layer and the condition, then performs the
    /// operation. Never throws for problems in the configuration; they come back as a skip or a failure.
    /// </summary>
    /// <param name="config">The configuration (one layer or file).</param>
    /// <param name="layer">The layer the configuration belongs to.</param>
    /// <param name="redactor">Masks secret values in reasons; <see cref="SecretRedactor.Default"/> when null.</param>
    internal TransformationResult Apply(ConfigMap config, LayerKind layer = LayerKind.Global, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        redactor ??= SecretRedactor.Default;
        if (!AppliesTo(layer))
        {
            var layers = Layers ?? AddDefaultLayers;
            return TransformationResult.Skipped(config, $"applies to the {string.Join(" and ", layers.Order().Select(LayerName))} layer{(layers.Count > 1 ? "s" : string.Empty)} only, this is the {LayerName(layer)} layer");
        }

        if (Condition is not null && !Condition.IsMet(config, out var reason, redactor))
        {
            return TransformationResult.Skipped(config, reason);
        }

        return TransformationOperations.Apply(this, config, layer, redactor);
    }

    /// <summary>The script spelling of a layer: global, environment or agent.</summary>
    /// <param name="layer">The layer.</param>
    public static string LayerName(LayerKind layer) => layer switch
    {
        LayerKind.Global => "global",
        LayerKind.Environment => "environment",
        LayerKind.Agent => "agent",
        _ => layer.ToString().ToLowerInvariant(),
    };

    private void CheckPaths(List<string> problems, ConfigPath target)
    {
        if (target.Last.IsIndex)
        {
            problems.Add($"'{target}' ends with a list index; a transformation writes map keys and cannot insert list items");
        }

        // A split removes its source before writing the parts, so its targets may reuse or nest under the source.
        if (SourcePath is null || Operation == MigrationOperation.Split)
        {
            return;
        }

        if (target == SourcePath)
        {
            problems.Add($"source_path and target '{target}' are the same key");
        }
        else if (target.StartsWith(SourcePath))
        {
            problems.Add($"target '{target}' is inside source_path '{SourcePath}'");
        }
        else if (SourcePath.StartsWith(target))
        {
            problems.Add($"target '{target}' contains source_path '{SourcePath}'; {OperationName} would replace its own source");
        }
    }
}
