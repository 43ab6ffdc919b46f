using Strata.Model;
using Strata.Secrets;
using Strata.Sources;

namespace Strata.Migration;

/// <summary>The eight operations on the immutable tree, as persistent edits through <see cref="ConfigTree"/>.</summary>
internal static class TransformationOperations
{
    public static TransformationResult Apply(MigrationTransformation t, ConfigMap config, LayerKind layer, SecretRedactor redactor)
    {
        try
        {
            return t.Operation switch
            {
                MigrationOperation.Rename => Relocate(t, config, rename: true),
                MigrationOperation.Move => Relocate(t, config, rename: false),
                MigrationOperation.Copy => Copy(t, config),
                MigrationOperation.Add => Add(t, config, layer),
                MigrationOperation.Delete => Delete(t, config),
                MigrationOperation.Modify => Modify(t, config, layer, redactor),
                MigrationOperation.Merge => Merge(t, config),
                MigrationOperation.Split => Split(t, config),
                _ => TransformationResult.Failed(config, $"unknown operation {t.Operation}", null),
            };
        }
        catch (InvalidOperationException ex)
        {
            // ConfigTree.Set refuses to write through a scalar or past the end of a list.
            var at = t.SourcePath is { } source && ConfigTree.TryGet(config, source, out var node) ? node.Origin : config.Origin;
            return TransformationResult.Failed(config, $"{t.Summary} failed: {ex.Message}", at);
        }
    }

    /// <summary>A node's type with its article, for messages: "an int", "a map".</summary>
    public static string Kind(ConfigNode node) => node.TypeName is "int" ? "an int" : "a " + node.TypeName;

    /// <summary>Removes the node at <paramref name="path"/> and then every map above it that the removal left empty.</summary>
    public static ConfigMap RemoveAndPrune(ConfigMap root, ConfigPath path)
    {
        var result = ConfigTree.Remove(root, path);
        var parent = path.Parent;
        while (!parent.IsRoot && ConfigTree.TryGet(result, parent, out var node) && node is ConfigMap { Count: 0 })
        {
            result = ConfigTree.Remove(result, parent);
            parent = parent.Parent;
        }

        return result;
    }

    private static TransformationResult Relocate(MigrationTransformation t, ConfigMap config, bool rename)
    {
        var source = t.SourcePath!;
        var target = t.TargetPath!;
        if (!ConfigTree.TryGet(config, source, out var node))
        {
            return Missing(t, config);
        }

        if (ConfigTree.TryGet(config, target, out _) && !t.Overwrite)
        {
            return TargetExists(config, target);
        }

        if (rename && source.Parent == target.Parent && !source.Last.IsIndex
            && ConfigTree.TryGet(config, source.Parent, out var parentNode) && parentNode is ConfigMap parent)
        {
            // Same map: rebuild it with the key renamed in place, so the key keeps its position.
            var newKey = target.Last.Key!;
            var oldKey = source.Last.Key!;
            var entries = parent.Where(e => e.Key != newKey)
                .Select(e => e.Key == oldKey ? new KeyValuePair<string, ConfigNode>(newKey, e.Value) : e);
            var renamed = new ConfigMap(entries, parent.Origin);
            var root = source.Parent.IsRoot ? renamed : ConfigTree.Set(config, source.Parent, renamed);
            return TransformationResult.Applied(root, new PathRewrite(source, target));
        }

        // Write the target first, then remove the source: maps that only held the source disappear,
        // while maps on the way to the target keep their place.
        var moved = ConfigTree.Set(config, target, node, node.Origin);
        return TransformationResult.Applied(RemoveAndPrune(moved, source), new PathRewrite(source, target));
    }

    private static TransformationResult Copy(MigrationTransformation t, ConfigMap config)
    {
        if (!ConfigTree.TryGet(config, t.SourcePath!, out var node))
        {
            return Missing(t, config);
        }

        if (ConfigTree.TryGet(config, t.TargetPath!, out _) && !t.Overwrite)
        {
            return TargetExists(config, t.TargetPath!);
        }

        return TransformationResult.Applied(ConfigTree.Set(config, t.TargetPath!, node, node.Origin));
    }

    private static TransformationResult Add(MigrationTransformation t, ConfigMap config, LayerKind layer)
    {
        if (ConfigTree.TryGet(config, t.TargetPath!, out _))
        {
            return TransformationResult.Skipped(config, $"'{t.TargetPath}' is already present; add never overwrites (modify does)");
        }

        var value = t.Value!.WithLayer(layer);
        return TransformationResult.Applied(ConfigTree.Set(config, t.TargetPath!, value, value.Origin));
    }

    private static TransformationResult Delete(MigrationTransformation t, ConfigMap config)
    {
        if (!ConfigTree.TryGet(config, t.SourcePath!, out _))
        {
            return Missing(t, config);
        }

        return TransformationResult.Applied(RemoveAndPrune(config, t.SourcePath!), new PathRewrite(t.SourcePath!, null));
    }

    private static TransformationResult Modify(MigrationTransformation t, ConfigMap config, LayerKind layer, SecretRedactor redactor)
    {
        if (!ConfigTree.TryGet(config, t.SourcePath!, out var current))
        {
            return Missing(t, config);
        }

        if (current.ValueEquals(t.Value))
        {
            return TransformationResult.Skipped(config, $"'{t.SourcePath}' already is {MigrationCondition.Describe(t.SourcePath!, current, redactor)}");
        }

        var value = t.Value!.WithLayer(layer);
        return TransformationResult.Applied(ConfigTree.Set(config, t.SourcePath!, value, value.Origin));
    }

    private static TransformationResult Merge(MigrationTransformation t, ConfigMap config)
    {
        var source = t.SourcePath!;
        var target = t.TargetPath!;
        if (!ConfigTree.TryGet(config, source, out var node))
        {
            return Missing(t, config);
        }

        if (node is not ConfigMap sourceMap)
        {
            return TransformationResult.Failed(config, $"merge needs a map at '{source}', found {TransformationOperations.Kind(node)}", node.Origin);
        }

        ConfigMap merged;
        if (!ConfigTree.TryGet(config, target, out var existing))
        {
            merged = sourceMap;
        }
        else if (existing is ConfigMap targetMap)
        {
            merged = DeepMerge(targetMap, sourceMap);
        }
        else
        {
            return TransformationResult.Failed(config, $"merge needs a map at '{target}', found {TransformationOperations.Kind(existing)}", existing.Origin);
        }

        var result = ConfigTree.Set(config, target, merged, sourceMap.Origin);
        return TransformationResult.Applied(RemoveAndPrune(result, source), new PathRewrite(source, target));
    }

    private static TransformationResult Split(MigrationTransformation t, ConfigMap config)
    {
        var source = t.SourcePath!;
        if (!ConfigTree.TryGet(config, source, out var node))
        {
            return Missing(t, config);
        }

        List<KeyValuePair<ConfigPath, ConfigNode>> parts;
        if (t.TargetPath is { } prefix)
        {
            if (node is not ConfigMap map)
            {
                return TransformationResult.Failed(config, $"split into '{prefix}' needs a map at '{source}', found {TransformationOperations.Kind(node)}", node.Origin);
            }

            parts = [.. map.Select(e => new KeyValuePair<ConfigPath, ConfigNode>(prefix.Append(e.Key), e.Value))];
        }
        else
        {
            List<ConfigNode> pieces;
            switch (node)
            {
                case ConfigSequence seq:
                    pieces = [.. seq];
                    break;
                case ConfigScalar { ScalarKind: ScalarKind.String } s when t.Separator is { } separator:
                    pieces = [];
                    foreach (var piece in s.StringValue!.Split(separator))
                    {
                        if (!ScalarTyping.TryResolve(piece.Trim(), s.Origin, s.IsSecret, out var typed, out var rangeError))
                        {
                            return TransformationResult.Failed(config, $"split of the string at '{source}': {rangeError}", node.Origin);
                        }

                        pieces.Add(typed);
                    }

                    break;
                case ConfigScalar { ScalarKind: ScalarKind.String }:
                    return TransformationResult.Failed(config, $"split of the string at '{source}' needs a separator", node.Origin);
                default:
                    return TransformationResult.Failed(config, $"split into {t.Targets.Count} keys needs a list{(t.Separator is null ? string.Empty : " or a string")} at '{source}', found {TransformationOperations.Kind(node)}", node.Origin);
            }

            if (pieces.Count != t.Targets.Count)
            {
                return TransformationResult.Failed(config, $"'{source}' has {pieces.Count} part{(pieces.Count == 1 ? string.Empty : "s")} but the split names {t.Targets.Count} targets ({string.Join(", ", t.Targets)})", node.Origin);
            }

            parts = [.. t.Targets.Zip(pieces, (path, piece) => new KeyValuePair<ConfigPath, ConfigNode>(path, piece))];
        }

        // The source goes first, so parts may reuse its name or nest under it.
        var result = RemoveAndPrune(config, source);
        foreach (var (path, _) in parts)
        {
            if (ConfigTree.TryGet(result, path, out _) && !t.Overwrite)
            {
                return TargetExists(config, path);
            }
        }

        foreach (var (path, value) in parts)
        {
            result = ConfigTree.Set(result, path, value, value.Origin);
        }

        var firstTarget = t.TargetPath ?? t.Targets[0];
        return TransformationResult.Applied(result, new PathRewrite(source, firstTarget));
    }

    private static ConfigMap DeepMerge(ConfigMap target, ConfigMap source)
    {
        var result = target;
        foreach (var (key, value) in source)
        {
            result = result.TryGetValue(key, out var existing) && existing is ConfigMap existingMap && value is ConfigMap valueMap
                ? result.SetItem(key, DeepMerge(existingMap, valueMap))
                : result.SetItem(key, value);
        }

        return result;
    }

    private static TransformationResult Missing(MigrationTransformation t, ConfigMap config) =>
        t.Required
            ? TransformationResult.Failed(config, $"required source key '{t.SourcePath}' not found", null)
            : TransformationResult.Skipped(config, $"source key '{t.SourcePath}' not found");

    private static TransformationResult TargetExists(ConfigMap config, ConfigPath target) =>
        TransformationResult.Skipped(config, $"target '{target}' already exists (set overwrite: true to replace it)");
}
