using Strata.Model;
using Strata.Sources;

namespace Strata.Migration;

/// <summary>
/// Reads one migration script (YAML or JSON) into a <see cref="ConfigurationMigration"/>, reporting every
/// problem as <c>file:line:column: path: message</c>. Unknown keys are errors, so a typo never silently
/// turns a transformation into something else.
/// </summary>
internal static class MigrationScriptReader
{
    private static readonly string[] ScriptKeys = ["from_version", "to_version", "description", "author", "date", "detect", "detect_target", "transformations"];

    private static readonly string[] TransformationKeys =
        ["operation", "source_path", "target_path", "targets", "separator", "value", "description", "condition", "required", "overwrite", "layers"];

    private static readonly string[] LayerNames = ["global", "environment", "agent"];

    /// <summary>Parses a script; returns null (with <paramref name="errors"/> filled) when it has problems.</summary>
    public static ConfigurationMigration? Read(byte[] content, string source, ParserLimits limits, List<ConfigurationError> errors)
    {
        ConfigMap root;
        try
        {
            root = ConfigFileParser.Parse(content, source, LayerKind.Global, limits);
        }
        catch (ConfigurationLoadException ex)
        {
            errors.AddRange(ex.Errors);
            return null;
        }

        return Read(root, source, errors);
    }

    /// <summary>Reads a parsed script.</summary>
    public static ConfigurationMigration? Read(ConfigMap root, string source, List<ConfigurationError> errors)
    {
        var before = errors.Count;
        var ctx = new Context(source, errors);
        ctx.CheckKeys(root, ConfigPath.Root, ScriptKeys, "a migration script");
        var from = ctx.Version(root, "from_version");
        var to = ctx.Version(root, "to_version");
        if (from is not null && to is not null && from == to)
        {
            ctx.Error(root.TryGetValue("to_version", out var n) ? n.Origin : root.Origin, "to_version", $"from_version and to_version are both '{from}'");
        }

        var description = ctx.Text(root, ConfigPath.Root, "description") ?? string.Empty;
        var author = ctx.Text(root, ConfigPath.Root, "author") ?? string.Empty;
        var date = ctx.Text(root, ConfigPath.Root, "date") ?? string.Empty;
        VersionDetectionRule? detection = null;
        if (root.TryGetValue("detect", out var detectNode) && from is not null)
        {
            detection = ctx.Detection(detectNode, from, "detect");
        }

        VersionDetectionRule? targetDetection = null;
        if (root.TryGetValue("detect_target", out var targetNode) && to is not null)
        {
            targetDetection = ctx.Detection(targetNode, to, "detect_target");
        }

        var transformations = new List<MigrationTransformation>();
        if (root.TryGetValue("transformations", out var list) && list is not ConfigScalar { ScalarKind: ScalarKind.Null })
        {
            if (list is ConfigSequence seq)
            {
                for (var i = 0; i < seq.Count; i++)
                {
                    if (ctx.Transformation(seq[i], ConfigPath.Root.Append("transformations").Append(i)) is { } t)
                    {
                        transformations.Add(t);
                    }
                }
            }
            else
            {
                ctx.Error(list.Origin, "transformations", $"must be a list of transformations, not {TransformationOperations.Kind(list)}");
            }
        }

        if (errors.Count > before || from is null || to is null)
        {
            return null;
        }

        return new ConfigurationMigration
        {
            FromVersion = from,
            ToVersion = to,
            Description = description,
            Author = author,
            Date = date,
            Detection = detection,
            TargetDetection = targetDetection,
            Transformations = transformations,
            Source = source,
            Origin = root.TryGetValue("from_version", out var fromNode) ? fromNode.Origin : root.Origin,
        };
    }

    private sealed class Context(string source, List<ConfigurationError> errors)
    {
        public void Error(Origin? at, string path, string message) =>
            errors.Add(new ConfigurationError(at?.Source ?? source, at?.Line ?? 0, at?.Column ?? 0, path, message));

        public void CheckKeys(ConfigMap map, ConfigPath path, string[] known, string what)
        {
            foreach (var (key, value) in map)
            {
                if (!known.Contains(key, StringComparer.Ordinal))
                {
                    Error(value.Origin, Join(path, key), $"unknown key '{key}' in {what}; expected one of: {string.Join(", ", known)}");
                }
            }
        }

        public string? Version(ConfigMap root, string key)
        {
            if (!root.TryGetValue(key, out var node))
            {
                Error(root.Origin, key, $"missing {key} (write it in quotes, e.g. {key}: \"1.0\")");
                return null;
            }

            if (node is ConfigScalar { ScalarKind: ScalarKind.Float } f)
            {
                Error(node.Origin, key, $"write the version in quotes (\"{f.AsText()}\"): unquoted, YAML reads it as a number, and 1.10 would become 1.1");
                return null;
            }

            if (node is not ConfigScalar { ScalarKind: ScalarKind.String or ScalarKind.Int } || !ConfigurationVersionDetector.TryReadVersion(node, out var version))
            {
                Error(node.Origin, key, $"must be a version such as \"1.0\", not {(node is ConfigScalar { ScalarKind: ScalarKind.Null } ? "empty" : TransformationOperations.Kind(node))}");
                return null;
            }

            if (version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                Error(node.Origin, key, $"'{version}' contains spaces; a version is a single word such as 2.1");
                return null;
            }

            return version;
        }

        public string? Text(ConfigMap map, ConfigPath path, string key)
        {
            if (!map.TryGetValue(key, out var node) || node is ConfigScalar { ScalarKind: ScalarKind.Null })
            {
                return null;
            }

            if (node is ConfigScalar s)
            {
                return s.AsText();
            }

            Error(node.Origin, Join(path, key), $"must be text, not {TransformationOperations.Kind(node)}");
            return null;
        }

        public VersionDetectionRule? Detection(ConfigNode node, string version, string key)
        {
            if (node is not ConfigMap map)
            {
                Error(node.Origin, key, $"must be a map with present and absent lists, not {TransformationOperations.Kind(node)}");
                return null;
            }

            var path = ConfigPath.Root.Append(key);
            CheckKeys(map, path, ["present", "absent"], key);
            var present = map.TryGetValue("present", out var p) ? PathList(p, path.Append("present")) : [];
            var absent = map.TryGetValue("absent", out var a) ? PathList(a, path.Append("absent")) : [];
            if (present.Count == 0)
            {
                Error(map.Origin, key + ".present", "a detection rule needs at least one key in present, so that it cannot match an unrelated file");
                return null;
            }

            if (present.FirstOrDefault(x => absent.Contains(x)) is { } both)
            {
                Error(map.Origin, key, $"'{both}' is both present and absent, so the rule can never match");
                return null;
            }

            return new VersionDetectionRule(version, present, absent, map.Origin);
        }

        public MigrationTransformation? Transformation(ConfigNode node, ConfigPath path)
        {
            if (node is not ConfigMap map)
            {
                Error(node.Origin, path.Text, $"a transformation must be a map with an operation, not {TransformationOperations.Kind(node)}");
                return null;
            }

            var before = errors.Count;
            CheckKeys(map, path, TransformationKeys, "a transformation");
            MigrationOperation? operation = null;
            if (!map.TryGetValue("operation", out var opNode))
            {
                Error(map.Origin, path.Append("operation").Text, "missing operation (rename, move, copy, add, delete, modify, merge or split)");
            }
            else if (opNode is ConfigScalar { ScalarKind: ScalarKind.String } opText && MigrationTransformation.TryParseOperation(opText.StringValue!, out var op))
            {
                operation = op;
            }
            else
            {
                Error(opNode.Origin, path.Append("operation").Text, $"unknown operation '{(opNode as ConfigScalar)?.AsText() ?? opNode.TypeName}'; expected rename, move, copy, add, delete, modify, merge or split");
            }

            var t = new MigrationTransformation
            {
                Operation = operation ?? MigrationOperation.Rename,
                SourcePath = OptionalPath(map, path, "source_path"),
                TargetPath = OptionalPath(map, path, "target_path"),
                Targets = map.TryGetValue("targets", out var targets) ? PathList(targets, path.Append("targets")) : [],
                Separator = Text(map, path, "separator"),
                Value = map.TryGetValue("value", out var value) ? value : null,
                Description = Text(map, path, "description") ?? string.Empty,
                Condition = map.TryGetValue("condition", out var condition) ? Condition(condition, path.Append("condition")) : null,
                Required = Bool(map, path, "required"),
                Overwrite = Bool(map, path, "overwrite"),
                Layers = map.TryGetValue("layers", out var layers) ? Layers(layers, path.Append("layers")) : null,
                Origin = map.Origin,
            };

            if (operation is null || errors.Count > before)
            {
                return null;
            }

            foreach (var problem in t.Validate())
            {
                Error(map.Origin, path.Text, problem);
            }

            return errors.Count > before ? null : t;
        }

        private ConfigPath? OptionalPath(ConfigMap map, ConfigPath path, string key) =>
            map.TryGetValue(key, out var node) ? ParsePath(node, path.Append(key)) : null;

        private ConfigPath? ParsePath(ConfigNode node, ConfigPath at)
        {
            if (node is not ConfigScalar { ScalarKind: ScalarKind.String } s)
            {
                Error(node.Origin, at.Text, $"must be a dot path such as redis.port, not {(node is ConfigScalar { ScalarKind: ScalarKind.Null } ? "empty" : TransformationOperations.Kind(node))}");
                return null;
            }

            if (!ConfigPath.TryParse(s.StringValue, out var parsed, out var error))
            {
                Error(node.Origin, at.Text, error);
                return null;
            }

            return parsed;
        }

        private List<ConfigPath> PathList(ConfigNode node, ConfigPath at)
        {
            List<ConfigNode> items = node is ConfigSequence seq ? [.. seq] : [node];
            var paths = new List<ConfigPath>();
            for (var i = 0; i < items.Count; i++)
            {
                if (ParsePath(items[i], node is ConfigSequence ? at.Append(i) : at) is { } p)
                {
                    paths.Add(p);
                }
            }

            return paths;
        }

        private bool Bool(ConfigMap map, ConfigPath path, string key)
        {
            if (!map.TryGetValue(key, out var node))
            {
                return false;
            }

            if (node is ConfigScalar { ScalarKind: ScalarKind.Bool } b)
            {
                return b.BoolValue;
            }

            Error(node.Origin, path.Append(key).Text, $"must be true or false, not {(node as ConfigScalar)?.AsText() ?? TransformationOperations.Kind(node)}");
            return false;
        }

        private HashSet<LayerKind>? Layers(ConfigNode node, ConfigPath at)
        {
            List<ConfigNode> items = node is ConfigSequence seq ? [.. seq] : [node];
            var result = new HashSet<LayerKind>();
            foreach (var item in items)
            {
                var name = (item as ConfigScalar)?.StringValue?.Trim().ToLowerInvariant();
                var index = name is null ? -1 : Array.IndexOf(LayerNames, name);
                if (index < 0)
                {
                    Error(item.Origin, at.Text, $"unknown layer '{(item as ConfigScalar)?.AsText() ?? item.TypeName}'; expected global, environment or agent");
                    continue;
                }

                result.Add((LayerKind)index);
            }

            return result;
        }

        private MigrationCondition? Condition(ConfigNode node, ConfigPath at)
        {
            if (node is not ConfigMap map)
            {
                Error(node.Origin, at.Text, $"a condition must be a map of dot paths to expected values, not {TransformationOperations.Kind(node)}");
                return null;
            }

            var expected = new List<KeyValuePair<ConfigPath, ConfigNode>>();
            var exists = new List<ConfigPath>();
            var absent = new List<ConfigPath>();
            foreach (var (key, value) in map)
            {
                switch (key)
                {
                    case MigrationCondition.ExistsKey:
                        exists.AddRange(PathList(value, at.Append(key)));
                        break;
                    case MigrationCondition.AbsentKey:
                        absent.AddRange(PathList(value, at.Append(key)));
                        break;
                    default:
                        if (key.StartsWith('$'))
                        {
                            Error(value.Origin, Join(at, key), $"unknown condition '{key}'; expected {MigrationCondition.ExistsKey}, {MigrationCondition.AbsentKey} or a dot path");
                        }
                        else if (ConfigPath.TryParse(key, out var path, out var error))
                        {
                            expected.Add(new(path, value));
                        }
                        else
                        {
                            Error(value.Origin, at.Text, error);
                        }

                        break;
                }
            }

            return new MigrationCondition(expected, exists, absent);
        }

        private static string Join(ConfigPath path, string key) => path.Append(key).Text;
    }
}
