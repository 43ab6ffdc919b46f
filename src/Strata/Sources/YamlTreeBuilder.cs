using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Strata.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.Sources;

/// <summary>
/// Builds one YAML document's tree from YamlDotNet's parser events without recursion: open maps and
/// sequences live on an explicit stack, and the path of the node being read is a stack of segments
/// turned into text only when an error needs it. Cost is linear in the size of the input at any depth.
/// </summary>
internal sealed class YamlTreeBuilder(string text, string source, LayerKind layer, ParserLimits limits)
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    private readonly List<Frame> _frames = [];
    private readonly List<PathSegment> _path = [];
    private readonly Dictionary<string, (ConfigNode Node, long Size, int Height)> _anchors = new(StringComparer.Ordinal);
    private List<(long From, long To)>? _blockScalarLines;
    private YamlText.Lines? _lines;
    private long _aliasExpansion;
    private long _nodesSeen;

    /// <summary>Where the builder was when YamlDotNet failed without a location of its own.</summary>
    public Mark LastMark { get; private set; } = Mark.Empty;

    /// <summary>Records the lines of literal and folded scalars, for <see cref="BlockScalarLinesAmong"/>.</summary>
    public void TrackBlockScalars() => _blockScalarLines = [];

    /// <summary>Those of the lines that lie inside a literal or folded scalar read so far.</summary>
    /// <param name="lines">1-based line numbers.</param>
    public List<int> BlockScalarLinesAmong(IEnumerable<int> lines) =>
        _blockScalarLines is { } spans ? [.. lines.Where(l => spans.Exists(s => l > s.From && l <= s.To))] : [];

    /// <summary>Reads the node that starts at the parser's current event, with everything under it.</summary>
    /// <param name="parser">The parser, positioned on the node's first event.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ConfigNode Build(IParser parser)
    {
        while (true)
        {
            ConfigNode? done;
            var top = _frames.Count > 0 ? _frames[^1] : null;
            if (top is { IsMap: true, PendingKey: null })
            {
                done = parser.TryConsume<MappingEnd>(out _) ? Finish() : ReadKey(parser, top);
            }
            else if (top is { IsMap: false } && parser.TryConsume<SequenceEnd>(out _))
            {
                done = Finish();
            }
            else
            {
                if (top is { IsMap: false })
                {
                    _path.Add(PathSegment.ForIndex(top.Items!.Count));
                }

                done = ReadValue(parser);
            }

            if (done is not null)
            {
                return done;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConfigNode? ReadKey(IParser parser, Frame map)
    {
        if (!parser.TryConsume<Scalar>(out var keyEvent))
        {
            throw Error(parser.Current?.Start ?? map.Start, "map keys must be plain text, not maps, lists or aliases");
        }

        var key = keyEvent.Value;
        _path.Add(PathSegment.ForKey(key));
        if (map.FirstSeen!.TryGetValue(key, out var first))
        {
            throw Error(keyEvent.Start, string.Create(CultureInfo.InvariantCulture, $"duplicate key '{key}' (first defined at line {first.Line})"));
        }

        map.FirstSeen[key] = keyEvent.Start;
        map.PendingKey = key;
        Count(1, keyEvent.Start);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConfigNode? ReadValue(IParser parser)
    {
        var inheritedSecret = _frames.Count > 0 && _frames[^1].Secret;
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw Error(alias.Start, $"alias '*{alias.Value.Value}' refers to an anchor that is not defined before it");
            }

            _aliasExpansion += anchored.Size;
            if (_aliasExpansion > limits.MaxAliasExpansion)
            {
                throw Error(alias.Start, $"aliases expand to more than {limits.MaxAliasExpansion} nodes (an alias bomb?); the limit protects memory");
            }

            // The aliased subtree lands at this level with all its levels below it.
            if (_frames.Count + anchored.Height > limits.MaxDepth)
            {
                throw Error(alias.Start, $"nesting is deeper than the limit of {limits.MaxDepth} levels");
            }

            Count(anchored.Size, alias.Start);
            return Deliver(inheritedSecret ? SecretMarker.Mark(anchored.Node) : anchored.Node, _frames.Count + anchored.Height);
        }

        if (_frames.Count + 1 > limits.MaxDepth)
        {
            throw Error(parser.Current?.Start ?? Mark.Empty, $"nesting is deeper than the limit of {limits.MaxDepth} levels");
        }

        if (parser.Current is { } upcoming)
        {
            LastMark = upcoming.Start;
        }

        var before = _nodesSeen;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var node = ReadScalar(scalar, inheritedSecret);
            Anchor(scalar, node, before, height: 1);
            return Deliver(node, _frames.Count + 1);
        }

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var secret = ReadTag(seqStart.Tag, seqStart.Start, "seq").Secret || inheritedSecret;
            _frames.Add(new Frame(seqStart, seqStart.Start, IsMap: false, seqStart.Style == SequenceStyle.Flow, secret, before) { Items = [], Deepest = _frames.Count + 1 });
            return null;
        }

        if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            var secret = ReadTag(mapStart.Tag, mapStart.Start, "map").Secret || inheritedSecret;
            _frames.Add(new Frame(mapStart, mapStart.Start, IsMap: true, mapStart.Style == MappingStyle.Flow, secret, before)
            {
                Entries = [],
                FirstSeen = new Dictionary<string, Mark>(StringComparer.Ordinal),
                Deepest = _frames.Count + 1,
            });
            return null;
        }

        throw Error(parser.Current?.Start ?? Mark.Empty, "unexpected YAML content");
    }

    private ConfigNode? Finish()
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        ConfigNode node;
        if (frame.IsMap)
        {
            var map = new ConfigMap(frame.Entries!, OriginOf(frame.Start));
            node = frame.Secret ? map.WithSecretFlag(true) : map;
        }
        else
        {
            Count(1, frame.Start);
            var seq = ConfigSequence.FromItems([.. frame.Items!], OriginOf(frame.Start));
            node = frame.Secret ? seq.WithSecretFlag(true) : seq;
        }

        Anchor(frame.Event, node, frame.NodesBefore, height: frame.Deepest - _frames.Count);
        return Deliver(node, frame.Deepest);
    }

    // Hands a finished node, whose deepest level is `reached`, to the collection that holds it; returns it when it is the document's root.
    private ConfigNode? Deliver(ConfigNode node, int reached)
    {
        if (_frames.Count == 0)
        {
            return node;
        }

        var parent = _frames[^1];
        parent.Deepest = Math.Max(parent.Deepest, reached);
        if (parent.IsMap)
        {
            parent.Entries!.Add(new(parent.PendingKey!, node));
            parent.PendingKey = null;
        }
        else
        {
            parent.Items!.Add(node);
        }

        _path.RemoveAt(_path.Count - 1);
        return null;
    }

    private void Anchor(NodeEvent evt, ConfigNode node, long nodesBefore, int height)
    {
        if (!evt.Anchor.IsEmpty)
        {
            _anchors[evt.Anchor.Value] = (node, Math.Max(1, _nodesSeen - nodesBefore), height);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConfigScalar ReadScalar(Scalar scalar, bool inheritedSecret)
    {
        Count(1, scalar.Start);
        var origin = OriginOf(scalar.Start);
        var flags = ReadTag(scalar.Tag, scalar.Start, null);
        var secret = flags.Secret || inheritedSecret;
        if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            _blockScalarLines?.Add((scalar.Start.Line, scalar.End.Line));
        }

        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted && scalar.End.Line > scalar.Start.Line)
        {
            CheckQuotedIndentation(scalar);
        }

        if (flags.Delete)
        {
            var delete = ConfigScalar.Delete(origin);
            return secret ? delete.WithSecret(true) : delete;
        }

        var quoted = scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any;
        if (flags.CoreType == "str" || flags.NonSpecific || (flags.CoreType is null && quoted))
        {
            return ConfigScalar.String(scalar.Value, origin, secret, isQuoted: quoted);
        }

        if (flags.CoreType == "float")
        {
            if (ScalarTyping.TryFloat(scalar.Value, secret, out var d, out var floatError))
            {
                return ConfigScalar.Float(d, origin, secret);
            }

            if (floatError is null && ScalarTyping.TryResolve(scalar.Value, origin, secret, out var number, out _) && number.IsNumber)
            {
                return number.ScalarKind == ScalarKind.Int ? ConfigScalar.Float(number.IntValue, origin, secret) : number;
            }

            throw Error(scalar.Start, floatError ?? "the value is not a valid !!float");
        }

        if (!ScalarTyping.TryResolve(scalar.Value, origin, secret, out var typed, out var error))
        {
            throw Error(scalar.Start, error + "; quote it to keep it as text");
        }

        var ok = flags.CoreType switch
        {
            null => true,
            "null" => typed.ScalarKind == ScalarKind.Null,
            "bool" => typed.ScalarKind == ScalarKind.Bool,
            "int" => typed.ScalarKind == ScalarKind.Int,
            _ => false,
        };
        return ok ? typed : throw Error(scalar.Start, $"the value is not a valid !!{flags.CoreType}");
    }

    // In block context a quoted string that runs over several lines continues on lines indented past
    // the collection holding it; YamlDotNet accepts any indentation there, tabs included.
    private void CheckQuotedIndentation(Scalar scalar)
    {
        if (_frames.Count == 0 || _frames[^1].IsFlow)
        {
            return;
        }

        var required = _frames[^1].Start.Column;
        _lines ??= new YamlText.Lines(text);
        for (var line = scalar.Start.Line + 1; line <= scalar.End.Line; line++)
        {
            var content = _lines[(int)Math.Min(line, int.MaxValue)];
            var spaces = 0;
            while (spaces < content.Length && content[spaces] == ' ')
            {
                spaces++;
            }

            if (spaces < required && content.Trim(" \t").Length > 0)
            {
                var at = new Mark(0, line, spaces + 1);
                throw Error(at, string.Create(CultureInfo.InvariantCulture, $"YAML syntax error: the quoted string from line {scalar.Start.Line} continues on this line, which must be indented by at least {required} space{(required == 1 ? string.Empty : "s")} (a tab does not indent)"));
            }
        }
    }

    private (bool Secret, bool Delete, bool NonSpecific, string? CoreType) ReadTag(TagName tag, Mark at, string? collection)
    {
        if (tag.IsEmpty)
        {
            return (false, false, false, null);
        }

        if (tag.IsNonSpecific)
        {
            // '!' makes a scalar a string, a map a map and a list a list.
            return (false, false, collection is null, null);
        }

        var value = tag.Value;
        if (value == YamlConfigParser.SecretTag)
        {
            return (true, false, false, null);
        }

        if (value == YamlConfigParser.DeleteTag && collection is null)
        {
            return (false, true, false, null);
        }

        if (value.StartsWith(CoreTagPrefix, StringComparison.Ordinal))
        {
            var core = value[CoreTagPrefix.Length..];
            if (collection is not null && core == collection)
            {
                return (false, false, false, null);
            }

            if (collection is null && core is "str" or "int" or "float" or "bool" or "null")
            {
                return (false, false, false, core);
            }
        }

        throw Error(at, $"unsupported tag '{value}'; Strata understands only {YamlConfigParser.SecretTag}, {YamlConfigParser.DeleteTag} (on a scalar) and the core !!str, !!int, !!float, !!bool, !!null, !!map, !!seq");
    }

    private void Count(long nodes, Mark at)
    {
        _nodesSeen += nodes;
        if (_nodesSeen > limits.MaxNodes)
        {
            throw Error(at, $"the file has more than {limits.MaxNodes} keys and values, the limit");
        }
    }

    private ConfigPath CurrentPath() => ConfigPath.FromSegments([.. _path]);

    /// <summary>The origin of a position in this file.</summary>
    /// <param name="mark">The position.</param>
    public Origin OriginOf(Mark mark) => new(source, ToInt(mark.Line), ToInt(mark.Column), layer);

    private ConfigurationLoadException Error(Mark at, string message)
    {
        at = YamlText.Inside(text, at);
        return new(new ConfigurationError(source, ToInt(at.Line), ToInt(at.Column), CurrentPath().Text, message));
    }

    /// <summary>A YamlDotNet position as an int, for <see cref="ConfigurationError"/>.</summary>
    /// <param name="value">The line or column.</param>
    public static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private sealed record Frame(NodeEvent Event, Mark Start, bool IsMap, bool IsFlow, bool Secret, long NodesBefore)
    {
        public List<KeyValuePair<string, ConfigNode>>? Entries { get; init; }

        public Dictionary<string, Mark>? FirstSeen { get; init; }

        public List<ConfigNode>? Items { get; init; }

        public string? PendingKey { get; set; }

        /// <summary>The deepest level reached inside this collection so far (its own level when empty).</summary>
        public int Deepest { get; set; }
    }
}
