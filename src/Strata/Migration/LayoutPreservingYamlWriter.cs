using Strata.Model;
using Strata.Sources;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.Migration;

/// <summary>
/// Writes a migrated tree as YAML through YamlDotNet's emitter, putting back what a <see cref="YamlLayout"/>
/// captured from the original file: comments follow their key wherever a rename or move took it, blank lines
/// stay, and values that did not change keep their original spelling and quoting. <c>!secret</c> and
/// <c>!delete</c> tags are written back, so a rewrite never changes what a value means.
/// </summary>
internal static class LayoutPreservingYamlWriter
{
    // The emitter cannot write an empty line; a comment with this text marks one and is replaced afterwards.
    private const string BlankLineMarker = "strata-blank-line-5d0c9e1f7a2b";

    /// <summary>Renders <paramref name="result"/>; <paramref name="layout"/> null gives plain output without comments.</summary>
    /// <returns>The YAML text, and how many of the original comments found no place in it.</returns>
    /// <param name="result">The migrated tree.</param>
    /// <param name="original">The tree as read from the file (to tell unchanged values).</param>
    /// <param name="layout">The original file's layout.</param>
    /// <param name="rewrites">How paths moved during the migration.</param>
    public static (string Text, int CommentsDropped) Write(ConfigMap result, ConfigMap original, YamlLayout? layout, IReadOnlyList<PathRewrite> rewrites)
    {
        var inverse = new Dictionary<string, string>(StringComparer.Ordinal);
        if (layout is not null)
        {
            foreach (var (oldKey, node) in layout.Nodes)
            {
                if (!node.Path.IsRoot && PathRewrite.Apply(node.Path, rewrites) is { } newPath)
                {
                    inverse.TryAdd(PathRewrite.Key(newPath), oldKey);
                }
            }
        }

        var state = new State(original, layout, inverse);
        using var writer = new StringWriter();
        // Lists indented under their key, and no line wrapping of long values.
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, skipAnchorName: false, indentSequences: true, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        if (layout is { Header.Count: > 0 })
        {
            // The header was separated from the first key by a blank line; keep it so.
            EmitComments(emitter, [.. layout.Header, null]);
        }

        EmitMap(emitter, state, result, ConfigPath.Root, parentSecret: false, inFlow: false, footer: layout?.Footer);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        var lines = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim() == "# " + BlankLineMarker ? string.Empty : l);
        var dropped = layout is null ? 0 : layout.Unattached + layout.Nodes
            .Where(n => !state.Used.Contains(n.Key))
            .Sum(n => n.Value.Leading.Count(c => c is not null) + (n.Value.Inline is null ? 0 : 1));
        return (string.Join('\n', lines), dropped);
    }

    private static void EmitMap(IEmitter emitter, State state, ConfigMap map, ConfigPath path, bool parentSecret, bool inFlow, List<string?>? footer = null)
    {
        var flow = map.Count == 0 || inFlow || (state.LayoutOf(path)?.Flow == true && map.All(e => FlowSafe(e.Value)));
        emitter.Emit(new MappingStart(AnchorName.Empty, SecretTag(map, parentSecret), !NeedsTag(map, parentSecret), flow ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var (key, value) in map)
        {
            var childPath = path.Append(key);
            var layout = flow ? null : state.LayoutOf(childPath);
            if (layout is not null)
            {
                EmitComments(emitter, state.Hoisted.Contains(PathRewrite.Key(childPath)) ? [] : layout.Leading);
            }
            else if (!flow && state.HoistFrom(value, childPath) is { } hoisted)
            {
                // A section a move created: the comment above its first key (# Population.) goes above the section.
                EmitComments(emitter, hoisted);
            }

            EmitPlainOrQuoted(emitter, key, TagName.Empty);
            EmitValue(emitter, state, value, childPath, map.IsSecret, flow, layout?.Inline);
        }

        if (footer is not null)
        {
            EmitComments(emitter, footer);
        }

        emitter.Emit(new MappingEnd());
    }

    private static void EmitSequence(IEmitter emitter, State state, ConfigSequence seq, ConfigPath path, bool parentSecret, bool inFlow)
    {
        var recorded = state.LayoutOf(path);
        var flow = seq.Count == 0 || inFlow || ((recorded is null ? seq.All(i => i is ConfigScalar) : recorded.Flow) && seq.All(FlowSafe));
        emitter.Emit(new SequenceStart(AnchorName.Empty, SecretTag(seq, parentSecret), !NeedsTag(seq, parentSecret), flow ? SequenceStyle.Flow : SequenceStyle.Block));
        for (var i = 0; i < seq.Count; i++)
        {
            var itemPath = path.Append(i);
            var layout = flow ? null : state.LayoutOf(itemPath);
            if (layout is not null)
            {
                EmitComments(emitter, layout.Leading);
            }

            EmitValue(emitter, state, seq[i], itemPath, seq.IsSecret, flow, seq[i] is ConfigScalar ? layout?.Inline : null);
        }

        emitter.Emit(new SequenceEnd());
    }

    private static void EmitValue(IEmitter emitter, State state, ConfigNode value, ConfigPath path, bool parentSecret, bool inFlow, string? inline)
    {
        var block = !inFlow && value is ConfigMap { Count: > 0 } or ConfigSequence { Count: > 0 };
        if (block && inline is not null && state.LayoutOf(path)?.Flow != true)
        {
            // "key: # comment" then the block below it.
            emitter.Emit(new Comment(inline, true));
            inline = null;
        }

        switch (value)
        {
            case ConfigMap m:
                EmitMap(emitter, state, m, path, parentSecret, inFlow);
                break;
            case ConfigSequence s:
                EmitSequence(emitter, state, s, path, parentSecret, inFlow);
                break;
            case ConfigScalar s:
                EmitScalar(emitter, state, s, path, parentSecret);
                break;
        }

        if (inline is not null)
        {
            emitter.Emit(new Comment(inline, true));
        }
    }

    private static void EmitScalar(IEmitter emitter, State state, ConfigScalar s, ConfigPath path, bool parentSecret)
    {
        if (s.IsDeleteMarker)
        {
            emitter.Emit(new Scalar(AnchorName.Empty, new TagName(Sources.YamlConfigParser.DeleteTag), string.Empty, ScalarStyle.Plain, false, false));
            return;
        }

        var tag = SecretTag(s, parentSecret);
        var implicitTag = tag.IsEmpty;
        var layout = state.LayoutOf(path);
        if (layout is { Raw: { } raw, Style: { } style } && s.ScalarKind != ScalarKind.Null
            && state.OriginalAt(path) is ConfigScalar before && before.ValueEquals(s) && before.IsQuoted == s.IsQuoted && before.IsSecret == s.IsSecret)
        {
            // Unchanged: keep the spelling (0x1F, 1e3, 'single quotes', literal blocks).
            var plain = style is ScalarStyle.Plain or ScalarStyle.Any;
            emitter.Emit(new Scalar(AnchorName.Empty, tag, raw, style, implicitTag && plain, implicitTag && !plain));
            return;
        }

        switch (s.ScalarKind)
        {
            case ScalarKind.String when s.IsQuoted:
                emitter.Emit(new Scalar(AnchorName.Empty, tag, s.StringValue!, ScalarStyle.DoubleQuoted, false, implicitTag));
                break;
            case ScalarKind.String:
                EmitPlainOrQuoted(emitter, s.StringValue!, tag);
                break;
            default:
                emitter.Emit(new Scalar(AnchorName.Empty, tag, s.AsText() ?? "null", ScalarStyle.Plain, implicitTag, false));
                break;
        }
    }

    private static void EmitPlainOrQuoted(IEmitter emitter, string text, TagName tag)
    {
        var needsQuotes = text.Length == 0
            || !ScalarTyping.ReadsBackAsString(text)
            || text.Trim() != text;
        emitter.Emit(new Scalar(AnchorName.Empty, tag, text, needsQuotes ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, tag.IsEmpty && !needsQuotes, tag.IsEmpty && needsQuotes));
    }

    // A plain ${VAR} cannot stay plain inside [...] or {...}, and quoting it would change how it interpolates.
    private static bool FlowSafe(ConfigNode node) => node switch
    {
        ConfigScalar { ScalarKind: ScalarKind.String, IsQuoted: false } s => !s.StringValue!.Contains("${", StringComparison.Ordinal),
        ConfigMap m => m.All(e => FlowSafe(e.Value)),
        ConfigSequence q => q.All(FlowSafe),
        _ => true,
    };

    private static void EmitComments(IEmitter emitter, IEnumerable<string?> lines)
    {
        foreach (var line in lines)
        {
            emitter.Emit(new Comment(line ?? BlankLineMarker, false));
        }
    }

    // Children of a !secret map or list are secret too; the tag goes on the outermost secret node only.
    private static bool NeedsTag(ConfigNode node, bool parentSecret) => node.IsSecret && !parentSecret;

    private static TagName SecretTag(ConfigNode node, bool parentSecret) =>
        NeedsTag(node, parentSecret) ? new TagName(Sources.YamlConfigParser.SecretTag) : TagName.Empty;

    private sealed class State(ConfigMap original, YamlLayout? layout, Dictionary<string, string> inverse)
    {
        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Hoisted { get; } = new(StringComparer.Ordinal);

        public List<string?>? HoistFrom(ConfigNode value, ConfigPath path)
        {
            while (value is ConfigMap { Count: > 0 } map)
            {
                var (key, child) = map[0];
                path = path.Append(key);
                if (LayoutOf(path) is { } first)
                {
                    if (first.Leading.Count == 0 || first.Flow)
                    {
                        return null;
                    }

                    Hoisted.Add(PathRewrite.Key(path));
                    return first.Leading;
                }

                value = child;
            }

            return null;
        }

        public YamlLayout.NodeLayout? LayoutOf(ConfigPath path)
        {
            if (layout is null || OldPath(path) is not { } old || !layout.Nodes.TryGetValue(old, out var node))
            {
                return null;
            }

            Used.Add(old);
            return node;
        }

        public ConfigNode? OriginalAt(ConfigPath path) =>
            layout is not null && OldPath(path) is { } old && layout.Nodes.TryGetValue(old, out var recorded)
            && ConfigTree.TryGet(original, recorded.Path, out var node) ? node : null;

        private string? OldPath(ConfigPath path) => path.IsRoot ? string.Empty : inverse.GetValueOrDefault(PathRewrite.Key(path));
    }
}
