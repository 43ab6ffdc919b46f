using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// Builds a snapshot's flat index (every path's canonical text to its node) and its leaf keys, and brings an
/// older index up to a new tree by visiting only the subtrees that changed.
/// </summary>
internal static class SnapshotIndex
{
    internal static PathIndex Build(ConfigMap root)
    {
        var index = new PathIndexBuilder(CountNodes(root));
        AddChildren(index, root, null);
        return index.ToIndex();
    }

    // Sizing the collection of paths up front spares copying it as it grows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountNodes(ConfigNode node)
    {
        var count = 0;
        switch (node)
        {
            case ConfigMap map:
                foreach (var (_, child) in map.Entries)
                {
                    count += 1 + CountNodes(child);
                }

                break;
            case ConfigSequence seq:
                foreach (var item in seq.Items)
                {
                    count += 1 + CountNodes(item);
                }

                break;
        }

        return count;
    }

    // Path texts are built as ConfigPath.Text spells them ("a.b[1].c", "x.`y.z`"), one string per node and nothing else.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddChildren(PathIndexBuilder index, ConfigNode node, string? prefix)
    {
        switch (node)
        {
            case ConfigMap map:
                foreach (var (key, child) in map.Entries)
                {
                    var path = PathSyntax.JoinKey(prefix, key);
                    index.Set(path, child);
                    AddChildren(index, child, path);
                }

                break;
            case ConfigSequence seq:
                var items = seq.Items;
                for (var i = 0; i < items.Length; i++)
                {
                    var path = IndexPath(prefix, i);
                    index.Set(path, items[i]);
                    AddChildren(index, items[i], path);
                }

                break;
        }
    }

    internal static PathIndex Rebase(PathIndex previous, ConfigMap before, ConfigMap after)
    {
        if (ReferenceEquals(before, after))
        {
            // The same tree (a rollback republishing a version): indexes are never written after construction.
            return previous;
        }

        var builder = new PathIndexBuilder(previous);
        UpdateChildren(builder, before, after, null);
        var index = builder.ToIndex();
        return index.Balanced ? index : Build(after);
    }

    // Brings the entries below `prefix` from `before`'s children to `after`'s (the entry for prefix itself is the caller's).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateChildren(PathIndexBuilder index, ConfigNode before, ConfigNode after, string? prefix)
    {
        switch (before, after)
        {
            case (ConfigMap oldMap, ConfigMap newMap) when oldMap.HasKeysOf(newMap):
                // The same keys in the same place: only the values that are not shared need a visit.
                var was = oldMap.Entries;
                var now = newMap.Entries;
                for (var i = 0; i < now.Length; i++)
                {
                    if (!ReferenceEquals(was[i].Value, now[i].Value))
                    {
                        var path = PathSyntax.JoinKey(prefix, now[i].Key);
                        index.Set(path, now[i].Value);
                        UpdateChildren(index, was[i].Value, now[i].Value, path);
                    }
                }

                break;
            case (ConfigMap oldMap, ConfigMap newMap):
                var oldEntries = oldMap.Entries;
                for (var i = 0; i < oldEntries.Length; i++)
                {
                    var (key, oldChild) = oldEntries[i];
                    if (!newMap.TryGetValue(key, i, out _))
                    {
                        var gone = PathSyntax.JoinKey(prefix, key);
                        index.Remove(gone);
                        RemoveChildren(index, oldChild, gone);
                    }
                }

                var newEntries = newMap.Entries;
                for (var i = 0; i < newEntries.Length; i++)
                {
                    var (key, newChild) = newEntries[i];
                    var known = oldMap.TryGetValue(key, i, out var oldChild);
                    if (known && ReferenceEquals(oldChild, newChild))
                    {
                        continue;
                    }

                    var path = PathSyntax.JoinKey(prefix, key);
                    index.Set(path, newChild);
                    if (known)
                    {
                        UpdateChildren(index, oldChild!, newChild, path);
                    }
                    else
                    {
                        AddChildren(index, newChild, path);
                    }
                }

                break;
            case (ConfigSequence oldSeq, ConfigSequence newSeq):
                var oldItems = oldSeq.Items;
                var newItems = newSeq.Items;
                for (var i = newItems.Length; i < oldItems.Length; i++)
                {
                    var gone = IndexPath(prefix, i);
                    index.Remove(gone);
                    RemoveChildren(index, oldItems[i], gone);
                }

                for (var i = 0; i < newItems.Length; i++)
                {
                    if (i < oldItems.Length && ReferenceEquals(oldItems[i], newItems[i]))
                    {
                        continue;
                    }

                    var path = IndexPath(prefix, i);
                    index.Set(path, newItems[i]);
                    if (i < oldItems.Length)
                    {
                        UpdateChildren(index, oldItems[i], newItems[i], path);
                    }
                    else
                    {
                        AddChildren(index, newItems[i], path);
                    }
                }

                break;
            default:
                RemoveChildren(index, before, prefix);
                AddChildren(index, after, prefix);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RemoveChildren(PathIndexBuilder index, ConfigNode node, string? prefix)
    {
        switch (node)
        {
            case ConfigMap map:
                foreach (var (key, child) in map.Entries)
                {
                    var path = PathSyntax.JoinKey(prefix, key);
                    index.Remove(path);
                    RemoveChildren(index, child, path);
                }

                break;
            case ConfigSequence seq:
                var items = seq.Items;
                for (var i = 0; i < items.Length; i++)
                {
                    var path = IndexPath(prefix, i);
                    index.Remove(path);
                    RemoveChildren(index, items[i], path);
                }

                break;
        }
    }

    internal static List<string> CollectKeys(ConfigMap root)
    {
        var keys = new List<string>();
        CollectLeaves(keys, root, null);
        return keys;
    }

    // The same leaves as ConfigTree.Leaves: scalars, sequences and empty maps.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CollectLeaves(List<string> keys, ConfigNode node, string? prefix)
    {
        if (node is ConfigMap { Count: > 0 } map)
        {
            foreach (var (key, child) in map.Entries)
            {
                CollectLeaves(keys, child, PathSyntax.JoinKey(prefix, key));
            }
        }
        else if (prefix is not null)
        {
            keys.Add(prefix);
        }
    }

    private static string IndexPath(string? prefix, int i) => PathSyntax.JoinIndex(prefix, i);
}
