using System.Diagnostics.CodeAnalysis;

namespace Strata.Model;

/// <summary>Path-based reads and persistent (copy-on-write) edits of immutable trees.</summary>
internal static class ConfigTree
{
    /// <summary>Finds the node at <paramref name="path"/>.</summary>
    /// <param name="root">The tree.</param>
    /// <param name="path">The path.</param>
    /// <param name="node">The node found.</param>
    public static bool TryGet(ConfigNode root, ConfigPath path, [NotNullWhen(true)] out ConfigNode? node)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        node = root;
        foreach (var segment in path.Segments)
        {
            switch (node)
            {
                case ConfigMap map when !segment.IsIndex && map.TryGetValue(segment.Key!, out var child):
                    node = child;
                    break;
                case ConfigSequence seq when segment.IsIndex && segment.Index < seq.Count:
                    node = seq[segment.Index];
                    break;
                default:
                    node = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Returns a tree with <paramref name="value"/> at <paramref name="path"/>, creating intermediate maps
    /// (with <paramref name="origin"/>) where needed. Throws <see cref="InvalidOperationException"/> when a
    /// scalar or a too-short list stands in the way.
    /// </summary>
    /// <param name="root">The tree.</param>
    /// <param name="path">Where to set; not the root.</param>
    /// <param name="value">The value.</param>
    /// <param name="origin">Origin for intermediate maps that have to be created.</param>
    public static ConfigMap Set(ConfigMap root, ConfigPath path, ConfigNode value, Origin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(value);
        if (path.IsRoot)
        {
            return value as ConfigMap ?? throw new InvalidOperationException("only a map can replace the whole configuration");
        }

        return (ConfigMap)SetAt(root, path, 0, value, origin ?? value.Origin);
    }

    /// <summary>Returns a tree without the node at <paramref name="path"/> (unchanged when absent).</summary>
    /// <param name="root">The tree.</param>
    /// <param name="path">The path; not the root.</param>
    public static ConfigMap Remove(ConfigMap root, ConfigPath path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsRoot || !TryGet(root, path, out _))
        {
            return root;
        }

        return (ConfigMap)RemoveAt(root, path, 0);
    }

    /// <summary>
    /// Returns the node with it and everything below it marked secret (a <c>!secret</c> map or list makes all
    /// of its values secret, including values a higher layer merges into it). Unchanged when already so.
    /// </summary>
    /// <param name="node">The node.</param>
    public static ConfigNode MarkSecret(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case ConfigScalar s:
                return s.IsSecret ? s : s.WithSecret(true);
            case ConfigMap m:
            {
                var result = m;
                foreach (var (key, child) in m)
                {
                    var marked = MarkSecret(child);
                    if (!ReferenceEquals(marked, child))
                    {
                        result = result.SetItem(key, marked);
                    }
                }

                return result.WithSecretFlag(true);
            }

            case ConfigSequence q:
            {
                var result = q;
                for (var i = 0; i < q.Count; i++)
                {
                    var marked = MarkSecret(q[i]);
                    if (!ReferenceEquals(marked, q[i]))
                    {
                        result = result.SetItem(i, marked);
                    }
                }

                return result.WithSecretFlag(true);
            }

            default:
                return node;
        }
    }

    /// <summary>Enumerates every leaf (scalar, sequence, or empty map) with its path, depth first in order.</summary>
    /// <param name="root">The tree.</param>
    public static IEnumerable<KeyValuePair<ConfigPath, ConfigNode>> Leaves(ConfigNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return LeavesOf(root, ConfigPath.Root);
    }

    /// <summary>Counts the leaves of a tree, as <see cref="Leaves"/> would enumerate them.</summary>
    /// <param name="root">The tree.</param>
    public static int CountLeaves(ConfigNode root) => root switch
    {
        ConfigMap { Count: > 0 } m => m.Sum(e => CountLeaves(e.Value)),
        _ => 1,
    };

    private static IEnumerable<KeyValuePair<ConfigPath, ConfigNode>> LeavesOf(ConfigNode node, ConfigPath path)
    {
        if (node is ConfigMap { Count: > 0 } map)
        {
            foreach (var (key, child) in map)
            {
                foreach (var leaf in LeavesOf(child, path.Append(key)))
                {
                    yield return leaf;
                }
            }
        }
        else if (!path.IsRoot)
        {
            yield return new(path, node);
        }
    }

    private static ConfigNode SetAt(ConfigNode node, ConfigPath path, int depth, ConfigNode value, Origin origin)
    {
        if (depth == path.Segments.Length)
        {
            return value;
        }

        var segment = path.Segments[depth];
        if (segment.IsIndex)
        {
            if (node is not ConfigSequence seq)
            {
                throw new InvalidOperationException($"'{ConfigPath.FromSegments(path.Segments[..depth])}' is not a list, so '{path}' cannot be set");
            }

            if (segment.Index >= seq.Count)
            {
                throw new InvalidOperationException($"'{path}': index {segment.Index} is past the end of a list of {seq.Count}");
            }

            return seq.SetItem(segment.Index, SetAt(seq[segment.Index], path, depth + 1, value, origin));
        }

        var map = node as ConfigMap;
        if (map is null)
        {
            if (node is ConfigScalar { ScalarKind: ScalarKind.Null })
            {
                map = ConfigMap.Empty(origin);
            }
            else
            {
                throw new InvalidOperationException($"'{ConfigPath.FromSegments(path.Segments[..depth])}' is a {node.TypeName}, not a map, so '{path}' cannot be set");
            }
        }

        var child = map.TryGetValue(segment.Key!, out var existing) ? existing : null;
        if (child is null && depth + 1 < path.Segments.Length)
        {
            if (path.Segments[depth + 1].IsIndex)
            {
                throw new InvalidOperationException($"'{path}': there is no list at '{ConfigPath.FromSegments(path.Segments[..(depth + 1)])}'");
            }

            child = ConfigMap.Empty(origin);
        }

        return map.SetItem(segment.Key!, SetAt(child ?? value, path, depth + 1, value, origin));
    }

    private static ConfigNode RemoveAt(ConfigNode node, ConfigPath path, int depth)
    {
        var segment = path.Segments[depth];
        var last = depth == path.Segments.Length - 1;
        if (node is ConfigMap map)
        {
            return last ? map.Remove(segment.Key!) : map.SetItem(segment.Key!, RemoveAt(map.TryGetValue(segment.Key!, out var c) ? c : throw new InvalidOperationException(), path, depth + 1));
        }

        var seq = (ConfigSequence)node;
        return last ? seq.RemoveAt(segment.Index) : seq.SetItem(segment.Index, RemoveAt(seq[segment.Index], path, depth + 1));
    }
}
