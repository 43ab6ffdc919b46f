using Strata.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.Migration;

/// <summary>
/// What a YAML file looks like beyond its values: the comments above and beside each key, blank lines, and
/// how each value was spelled (quotes, block or flow lists, <c>0x1F</c> or <c>1e3</c>). Captured with
/// YamlDotNet's scanner keeping comments, keyed by the path of the key or list item they belong to, so a
/// migrated file can be written back with them.
/// </summary>
/// <remarks>
/// A full-line comment belongs to the next key or block-list item below it (with the blank lines around it);
/// a comment at the end of a line belongs to the innermost key or item starting on that line. Comments before
/// a blank line at the top of the file form the header, comments after the last key the footer. Comments in
/// other places (inside flow collections, after a lone <c>-</c>) are not attached and are lost on rewrite.
/// </remarks>
internal sealed class YamlLayout
{
    private YamlLayout()
    {
    }

    /// <summary>Comment lines at the top of the file (null for a blank line).</summary>
    public List<string?> Header { get; } = [];

    /// <summary>Comment lines after the last key.</summary>
    public List<string?> Footer { get; } = [];

    /// <summary>Comments that sit where none of the above can hold them (inside flow collections, after a lone <c>-</c>).</summary>
    public int Unattached { get; private set; }

    /// <summary>Layout of each key or item, by <see cref="PathRewrite.Key"/> of its path (the root's key is empty).</summary>
    public Dictionary<string, NodeLayout> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Captures the layout of a YAML text; null when it cannot be scanned.</summary>
    public static YamlLayout? Capture(string text)
    {
        var layout = new YamlLayout();
        var comments = new List<(int Line, string Text, bool Inline)>();
        var anchorsByLine = new SortedDictionary<int, List<string>>();
        try
        {
            var parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
            var frames = new Stack<Frame>();
            while (parser.MoveNext())
            {
                var evt = parser.Current!;
                switch (evt)
                {
                    case Comment c:
                        comments.Add((ToInt(c.Start.Line), c.Value, c.IsInline));
                        continue;
                    case MappingEnd or SequenceEnd:
                        frames.Pop();
                        continue;
                    case NodeEvent node:
                        Visit(layout, frames, node, anchorsByLine);
                        continue;
                    case AnchorAlias alias:
                        Visit(layout, frames, alias, anchorsByLine);
                        continue;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Layout is a nicety: without it the file is still written correctly, only without comments.
            return null;
        }

        layout.Attach(text, comments, anchorsByLine);
        return layout;
    }

    private static void Visit(YamlLayout layout, Stack<Frame> frames, ParsingEvent node, SortedDictionary<int, List<string>> anchorsByLine)
    {
        var line = ToInt(node.Start.Line);
        ConfigPath path;
        var parentFlow = false;
        if (frames.Count == 0)
        {
            path = ConfigPath.Root;
        }
        else
        {
            var frame = frames.Peek();
            parentFlow = frame.Flow;
            if (frame.IsMap && frame.ExpectKey)
            {
                var key = (node as Scalar)?.Value ?? string.Empty;
                frame.PendingKey = key;
                frame.ExpectKey = false;
                if (!frame.Flow)
                {
                    Register(layout, anchorsByLine, frame.Path.Append(key), line);
                }

                return;
            }

            if (frame.IsMap)
            {
                path = frame.Path.Append(frame.PendingKey!);
                frame.ExpectKey = true;
            }
            else
            {
                path = frame.Path.Append(frame.Index++);
                if (!frame.Flow)
                {
                    Register(layout, anchorsByLine, path, line);
                }
            }
        }

        var nodeLayout = layout.For(path);
        switch (node)
        {
            case Scalar s:
                nodeLayout.Style = s.Style;
                nodeLayout.Raw = s.Value;
                break;
            case MappingStart m:
                nodeLayout.Flow = parentFlow || m.Style == MappingStyle.Flow;
                frames.Push(new Frame(path, true, nodeLayout.Flow));
                break;
            case SequenceStart q:
                nodeLayout.Flow = parentFlow || q.Style == SequenceStyle.Flow;
                frames.Push(new Frame(path, false, nodeLayout.Flow));
                break;
        }
    }

    private static void Register(YamlLayout layout, SortedDictionary<int, List<string>> anchorsByLine, ConfigPath path, int line)
    {
        layout.For(path).Line = line;
        if (!anchorsByLine.TryGetValue(line, out var list))
        {
            anchorsByLine[line] = list = [];
        }

        list.Add(PathRewrite.Key(path));
    }

    private void Attach(string text, List<(int Line, string Text, bool Inline)> comments, SortedDictionary<int, List<string>> anchorsByLine)
    {
        var lines = text.Split('\n');
        var fullLine = new Dictionary<int, string>();
        foreach (var (line, value, inline) in comments)
        {
            if (inline && anchorsByLine.TryGetValue(line, out var onLine) && For(onLine[^1]).Inline is null)
            {
                For(onLine[^1]).Inline = value;
            }
            else if (!inline)
            {
                fullLine[line] = value;
            }
            else
            {
                Unattached++;
            }
        }

        var attached = new HashSet<int>();

        bool IsBlank(int line) => line >= 1 && line <= lines.Length && string.IsNullOrWhiteSpace(lines[line - 1]);

        var first = true;
        foreach (var (line, paths) in anchorsByLine)
        {
            var leading = new List<string?>();
            for (var l = line - 1; l >= 1 && (fullLine.ContainsKey(l) || IsBlank(l)); l--)
            {
                leading.Insert(0, fullLine.TryGetValue(l, out var c) ? c : null);
                attached.Add(l);
            }

            if (first)
            {
                // Up to the last blank line above the first key is the file's header, not that key's comment.
                var lastBlank = leading.FindLastIndex(x => x is null);
                if (lastBlank >= 0)
                {
                    Header.AddRange(leading.Take(lastBlank).SkipWhile(x => x is null));
                    leading = leading[(lastBlank + 1)..];
                }

                first = false;
            }

            // Collapse runs of blank lines to one.
            var compact = new List<string?>();
            foreach (var item in leading)
            {
                if (item is not null || (compact.Count == 0 || compact[^1] is not null))
                {
                    compact.Add(item);
                }
            }

            For(paths[0]).Leading.AddRange(compact);
        }

        var last = anchorsByLine.Count == 0 ? 0 : anchorsByLine.Keys.Last();
        Footer.AddRange(fullLine.Where(c => c.Key > last).OrderBy(c => c.Key).Select(c => (string?)c.Value));
        Unattached += fullLine.Keys.Count(l => l <= last && !attached.Contains(l));
        if (anchorsByLine.Count == 0)
        {
            Header.AddRange(Footer);
            Footer.Clear();
        }
    }

    private NodeLayout For(ConfigPath path)
    {
        var key = PathRewrite.Key(path);
        if (!Nodes.TryGetValue(key, out var node))
        {
            Nodes[key] = node = new NodeLayout(path);
        }

        return node;
    }

    private NodeLayout For(string key) => Nodes[key];

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    /// <summary>Layout of one key or list item.</summary>
    internal sealed class NodeLayout(ConfigPath path)
    {
        /// <summary>The path of the key or item in the original file.</summary>
        public ConfigPath Path { get; } = path;

        /// <summary>The line the key or item starts on; 0 when it is not a block key or item.</summary>
        public int Line { get; set; }

        /// <summary>Full-line comments (null for a blank line) just above the key or item.</summary>
        public List<string?> Leading { get; } = [];

        /// <summary>The comment at the end of the key's (or item's) line.</summary>
        public string? Inline { get; set; }

        /// <summary>For a scalar value: how it was written.</summary>
        public ScalarStyle? Style { get; set; }

        /// <summary>For a scalar value: its text as the parser read it.</summary>
        public string? Raw { get; set; }

        /// <summary>For a collection: whether it was written in flow style (<c>[a, b]</c>, <c>{a: 1}</c>).</summary>
        public bool Flow { get; set; }
    }

    private sealed class Frame(ConfigPath path, bool isMap, bool flow)
    {
        public ConfigPath Path { get; } = path;

        public bool IsMap { get; } = isMap;

        public bool Flow { get; } = flow;

        public bool ExpectKey { get; set; } = true;

        public string? PendingKey { get; set; }

        public int Index { get; set; }
    }
}
