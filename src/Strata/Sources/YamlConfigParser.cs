using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Strata.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.Sources;

/// <summary>
/// Reads YAML into a <see cref="ConfigMap"/> from YamlDotNet's parser events. Tags never create
/// types: only <c>!secret</c>, <c>!delete</c> and the core-schema <c>!!</c> tags are understood.
/// Aliases share the anchored node (the tree is immutable), and their total expansion is bounded.
/// </summary>
public static partial class YamlConfigParser
{
    /// <summary>Tag that marks a value secret: it prints as <c>***</c> everywhere.</summary>
    public const string SecretTag = "!secret";

    /// <summary>Tag that removes an inherited key when the layer is merged.</summary>
    public const string DeleteTag = "!delete";

    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses YAML text. Throws <see cref="ConfigurationLoadException"/> with file, line and column.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="source">The source name used in origins and errors.</param>
    /// <param name="layer">The layer the values belong to.</param>
    /// <param name="limits">Bounds on the input; <see cref="ParserLimits.Default"/> when null.</param>
    public static ConfigMap Parse(string text, string source, LayerKind layer, ParserLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var state = new State(source, layer, limits ?? ParserLimits.Default);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return ConfigMap.Empty(new Origin(source, 1, 1, layer));
            }

            var docStart = parser.Consume<DocumentStart>();
            ConfigNode root;
            if (parser.Accept<DocumentEnd>(out _))
            {
                root = ConfigMap.Empty(state.OriginOf(docStart.Start));
            }
            else
            {
                root = ParseNode(parser, state, ConfigPath.Root, 1);
            }

            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw state.Error(second.Start, string.Empty, "the file holds more than one YAML document ('---'); Strata reads one document per file");
            }

            return root switch
            {
                ConfigMap map => map,
                ConfigScalar { ScalarKind: ScalarKind.Null } s => ConfigMap.Empty(s.Origin),
                _ => throw State.Error(root.Origin, string.Empty, $"the top level must be a map of keys, but it is a {root.TypeName}"),
            };
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on some unterminated flow collections.
            throw new ConfigurationLoadException(new ConfigurationError(
                source, ToInt(state.LastMark.Line), ToInt(state.LastMark.Column), string.Empty, "YAML syntax error: the text after this point cannot be read (an unclosed '[', '{' or quote?)"));
        }
        catch (YamlException ex)
        {
            throw new ConfigurationLoadException(new ConfigurationError(
                source, ToInt(ex.Start.Line), ToInt(ex.Start.Column), string.Empty, "YAML syntax error: " + CleanMessage(ex.Message)));
        }
    }

    private static ConfigNode ParseNode(IParser parser, State state, ConfigPath path, int depth)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw state.Error(alias.Start, path.Text, $"alias '*{alias.Value.Value}' refers to an anchor that is not defined before it");
            }

            state.AliasExpansion += anchored.Size;
            if (state.AliasExpansion > state.Limits.MaxAliasExpansion)
            {
                throw state.Error(alias.Start, path.Text, $"aliases expand to more than {state.Limits.MaxAliasExpansion} nodes (an alias bomb?); the limit protects memory");
            }

            state.Count(anchored.Size, alias.Start, path);
            return anchored.Node;
        }

        if (depth > state.Limits.MaxDepth)
        {
            var current = parser.Current;
            throw state.Error(current?.Start ?? Mark.Empty, path.Text, $"nesting is deeper than the limit of {state.Limits.MaxDepth} levels");
        }

        var start = state.NodesSeen;
        if (parser.Current is { } upcoming)
        {
            state.LastMark = upcoming.Start;
        }

        ConfigNode node;
        NodeEvent evt;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            evt = scalar;
            node = ParseScalar(scalar, state, path);
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            evt = seqStart;
            var flags = ReadTag(seqStart.Tag, seqStart.Start, state, path, "seq");
            var items = new List<ConfigNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ParseNode(parser, state, path.Append(items.Count), depth + 1));
            }

            state.Count(1, seqStart.Start, path);
            node = new ConfigSequence(items, state.OriginOf(seqStart.Start));
            node = flags.Secret ? ConfigTree.MarkSecret(node) : node;
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            evt = mapStart;
            var flags = ReadTag(mapStart.Tag, mapStart.Start, state, path, "map");
            var entries = new List<KeyValuePair<string, ConfigNode>>();
            var firstSeen = new Dictionary<string, Mark>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var keyEvent))
                {
                    var bad = parser.Current;
                    throw state.Error(bad?.Start ?? mapStart.Start, path.Text, "map keys must be plain text, not maps, lists or aliases");
                }

                var key = keyEvent.Value;
                var childPath = path.IsRoot ? ConfigPath.Root.Append(key) : path.Append(key);
                if (firstSeen.TryGetValue(key, out var first))
                {
                    throw state.Error(keyEvent.Start, childPath.Text, string.Create(CultureInfo.InvariantCulture, $"duplicate key '{key}' (first defined at line {first.Line})"));
                }

                firstSeen[key] = keyEvent.Start;
                state.Count(1, keyEvent.Start, childPath);
                entries.Add(new(key, ParseNode(parser, state, childPath, depth + 1)));
            }

            node = new ConfigMap(entries, state.OriginOf(mapStart.Start));
            node = flags.Secret ? ConfigTree.MarkSecret(node) : node;
        }
        else
        {
            var current = parser.Current;
            throw state.Error(current?.Start ?? Mark.Empty, path.Text, "unexpected YAML content");
        }

        if (!evt.Anchor.IsEmpty)
        {
            state.Anchors[evt.Anchor.Value] = (node, Math.Max(1, state.NodesSeen - start));
        }

        return node;
    }

    private static ConfigScalar ParseScalar(Scalar scalar, State state, ConfigPath path)
    {
        state.Count(1, scalar.Start, path);
        var origin = state.OriginOf(scalar.Start);
        var flags = ReadTag(scalar.Tag, scalar.Start, state, path, null);
        if (flags.Delete)
        {
            return ConfigScalar.Delete(origin);
        }

        var quoted = scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any;
        return flags.CoreType switch
        {
            "str" => ConfigScalar.String(scalar.Value, origin, flags.Secret),
            null when quoted => ConfigScalar.String(scalar.Value, origin, flags.Secret, isQuoted: true),
            null => ScalarTyping.Resolve(scalar.Value, origin, flags.Secret),
            _ => Coerce(scalar, flags.CoreType, origin, flags.Secret, state, path),
        };
    }

    private static ConfigScalar Coerce(Scalar scalar, string coreType, Origin origin, bool secret, State state, ConfigPath path)
    {
        var typed = ScalarTyping.Resolve(scalar.Value, origin, secret);
        var ok = coreType switch
        {
            "null" => typed.ScalarKind == ScalarKind.Null,
            "bool" => typed.ScalarKind == ScalarKind.Bool,
            "int" => typed.ScalarKind == ScalarKind.Int,
            "float" => typed.IsNumber,
            _ => false,
        };
        if (!ok)
        {
            throw state.Error(scalar.Start, path.Text, $"'{scalar.Value}' is not a valid !!{coreType}");
        }

        return coreType == "float" && typed.ScalarKind == ScalarKind.Int ? ConfigScalar.Float(typed.IntValue, origin, secret) : typed;
    }

    private static (bool Secret, bool Delete, string? CoreType) ReadTag(TagName tag, Mark at, State state, ConfigPath path, string? collection)
    {
        if (tag.IsEmpty || tag.IsNonSpecific)
        {
            return (false, false, null);
        }

        var value = tag.Value;
        if (value == SecretTag)
        {
            return (true, false, null);
        }

        if (value == DeleteTag && collection is null)
        {
            return (false, true, null);
        }

        if (value.StartsWith(CoreTagPrefix, StringComparison.Ordinal))
        {
            var core = value[CoreTagPrefix.Length..];
            if (collection is not null && core == collection)
            {
                return (false, false, null);
            }

            if (collection is null && core is "str" or "int" or "float" or "bool" or "null")
            {
                return (false, false, core);
            }
        }

        throw state.Error(at, path.Text, $"unsupported tag '{value}'; Strata understands only {SecretTag}, {DeleteTag} (on a scalar) and the core !!str, !!int, !!float, !!bool, !!null, !!map, !!seq");
    }

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private static string CleanMessage(string message)
    {
        var cleaned = LocationPrefix().Replace(message, string.Empty).Trim();
        return cleaned.Length == 0 ? message : cleaned;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex LocationPrefix();

    private sealed class State(string source, LayerKind layer, ParserLimits limits)
    {
        public ParserLimits Limits { get; } = limits;

        public Dictionary<string, (ConfigNode Node, long Size)> Anchors { get; } = new(StringComparer.Ordinal);

        public long AliasExpansion { get; set; }

        public Mark LastMark { get; set; } = Mark.Empty;

        public long NodesSeen { get; private set; }

        public Origin OriginOf(Mark mark) => new(source, ToInt(mark.Line), ToInt(mark.Column), layer);

        public void Count(long nodes, Mark at, ConfigPath path)
        {
            NodesSeen += nodes;
            if (NodesSeen > Limits.MaxNodes)
            {
                throw Error(at, path.Text, $"the file has more than {Limits.MaxNodes} keys and values, the limit");
            }
        }

        public ConfigurationLoadException Error(Mark at, string path, string message) =>
            new(new ConfigurationError(source, ToInt(at.Line), ToInt(at.Column), path, message));

        public static ConfigurationLoadException Error(Origin at, string path, string message) =>
            new(ConfigurationError.At(at, path, message));
    }
}
