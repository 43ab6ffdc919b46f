namespace Strata.Model;

/// <summary>
/// Rewrites a tree copy-on-write: every node is offered to a replacement function, parents before children, and
/// only the maps and sequences above a replaced node are copied. When nothing is replaced the same instance comes
/// back, so unchanged subtrees stay shared with the input.
/// </summary>
internal static class ConfigTreeRewriter
{
    /// <summary>Returns <paramref name="node"/> with the replacements of <paramref name="replace"/> applied.</summary>
    /// <param name="node">The tree.</param>
    /// <param name="path">The path of <paramref name="node"/>.</param>
    /// <param name="replace">
    /// Given a node and where it is, returns the node that takes its place (its children are not visited), or null to
    /// keep it and go on into its children. Returning the node itself keeps it too. The position is valid only during
    /// the call.
    /// </param>
    public static ConfigNode Rewrite(ConfigNode node, ConfigPath path, Func<ConfigNode, Position, ConfigNode?> replace)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(replace);
        return Visit(node, new Position(path, []), replace);
    }

    private static ConfigNode Visit(ConfigNode node, Position position, Func<ConfigNode, Position, ConfigNode?> replace)
    {
        if (replace(node, position) is { } replaced)
        {
            return replaced;
        }

        switch (node)
        {
            case ConfigMap map:
            {
                var entries = map.Entries;
                KeyValuePair<string, ConfigNode>[]? rebuilt = null;
                for (var i = 0; i < entries.Length; i++)
                {
                    var (key, child) = entries[i];
                    position.Segments.Add(PathSegment.ForKey(key));
                    var visited = Visit(child, position, replace);
                    position.Segments.RemoveAt(position.Segments.Count - 1);
                    if (!ReferenceEquals(visited, child))
                    {
                        rebuilt ??= entries.ToArray();
                        rebuilt[i] = new(key, visited);
                    }
                }

                return rebuilt is null ? map : map.WithValues(rebuilt);
            }

            case ConfigSequence seq:
            {
                var items = seq.Items;
                ConfigNode[]? rebuilt = null;
                for (var i = 0; i < items.Length; i++)
                {
                    position.Segments.Add(PathSegment.ForIndex(i));
                    var visited = Visit(items[i], position, replace);
                    position.Segments.RemoveAt(position.Segments.Count - 1);
                    if (!ReferenceEquals(visited, items[i]))
                    {
                        rebuilt ??= items.ToArray();
                        rebuilt[i] = visited;
                    }
                }

                return rebuilt is null ? seq : seq.WithItems(rebuilt);
            }

            default:
                return node;
        }
    }

    /// <summary>
    /// Where the node offered to the replacement function is: the starting path plus the keys and indexes walked
    /// from it. The path is built only when asked for.
    /// </summary>
    internal readonly struct Position
    {
        private readonly ConfigPath _start;

        internal Position(ConfigPath start, List<PathSegment> segments)
        {
            _start = start;
            Segments = segments;
        }

        /// <summary>True at the root of the whole configuration.</summary>
        public bool IsRoot => _start.IsRoot && Segments.Count == 0;

        internal List<PathSegment> Segments { get; }

        /// <summary>True when a key (not an index) anywhere on the path satisfies <paramref name="predicate"/>.</summary>
        /// <param name="predicate">The test of a key.</param>
        public bool AnyKey(Func<string, bool> predicate)
        {
            foreach (var segment in _start.Segments)
            {
                if (!segment.IsIndex && predicate(segment.Key!))
                {
                    return true;
                }
            }

            foreach (var segment in Segments)
            {
                if (!segment.IsIndex && predicate(segment.Key!))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The path of the node.</summary>
        public ConfigPath ToPath() =>
            Segments.Count == 0 ? _start : ConfigPath.FromSegments([.. _start.Segments, .. Segments]);
    }
}
