using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// Computes leaf-level differences between two trees. Maps are compared key by key; scalars and
/// whole sequences are leaves (as is an empty map). A leaf is modified when its value differs or when
/// only its secrecy does (tagged or untagged <c>!secret</c>, itself or an item of a sequence): that change
/// has the same value on both sides. Subtrees shared by reference are skipped at once, so diffing two
/// versions that share most of their tree costs only what changed.
/// </summary>
public static class ConfigDiff
{
    /// <summary>Returns the changed leaves, in the order of the old tree then new keys.</summary>
    /// <param name="before">The old tree (null means empty).</param>
    /// <param name="after">The new tree (null means empty).</param>
    public static IReadOnlyList<ConfigChange> Compute(ConfigNode? before, ConfigNode? after)
    {
        var changes = new List<ConfigChange>();
        Walk(before, after, ConfigPath.Root, changes);
        return changes;
    }

    /// <summary>True when the two trees have the same leaves and values.</summary>
    /// <param name="before">One tree.</param>
    /// <param name="after">The other tree.</param>
    public static bool AreEquivalent(ConfigNode? before, ConfigNode? after) =>
        ReferenceEquals(before, after) || (before is not null && before.ValueEquals(after));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Walk(ConfigNode? before, ConfigNode? after, ConfigPath path, List<ConfigChange> changes)
    {
        if (ReferenceEquals(before, after))
        {
            return;
        }

        var beforeMap = before as ConfigMap is { Count: > 0 } bm ? bm : null;
        var afterMap = after as ConfigMap is { Count: > 0 } am ? am : null;
        if (beforeMap is not null && afterMap is not null && beforeMap.HasKeysOf(afterMap))
        {
            // The same keys in the same place: only the values that are not shared can hold a change.
            var was = beforeMap.Entries;
            var now = afterMap.Entries;
            for (var i = 0; i < now.Length; i++)
            {
                if (!ReferenceEquals(was[i].Value, now[i].Value))
                {
                    Walk(was[i].Value, now[i].Value, path.Append(now[i].Key), changes);
                }
            }

            return;
        }

        if (beforeMap is not null && afterMap is not null)
        {
            var beforeEntries = beforeMap.Entries;
            for (var i = 0; i < beforeEntries.Length; i++)
            {
                var (key, oldChild) = beforeEntries[i];
                var newChild = afterMap.TryGetValue(key, i, out var found) ? found : null;
                if (!ReferenceEquals(oldChild, newChild))
                {
                    Walk(oldChild, newChild, path.Append(key), changes);
                }
            }

            var afterEntries = afterMap.Entries;
            for (var i = 0; i < afterEntries.Length; i++)
            {
                var (key, newChild) = afterEntries[i];
                if (!beforeMap.TryGetValue(key, i, out _))
                {
                    Walk(null, newChild, path.Append(key), changes);
                }
            }

            return;
        }

        if (beforeMap is not null)
        {
            foreach (var leaf in ConfigTree.Leaves(beforeMap))
            {
                changes.Add(new ConfigChange(Join(path, leaf.Key), ChangeKind.Removed, leaf.Value, null));
            }

            if (after is not null && !path.IsRoot)
            {
                changes.Add(new ConfigChange(path, ChangeKind.Added, null, after));
            }

            return;
        }

        if (afterMap is not null)
        {
            if (before is not null && !path.IsRoot)
            {
                changes.Add(new ConfigChange(path, ChangeKind.Removed, before, null));
            }

            foreach (var leaf in ConfigTree.Leaves(afterMap))
            {
                changes.Add(new ConfigChange(Join(path, leaf.Key), ChangeKind.Added, null, leaf.Value));
            }

            return;
        }

        if (path.IsRoot)
        {
            return;
        }

        if (before is null)
        {
            changes.Add(new ConfigChange(path, ChangeKind.Added, null, after));
        }
        else if (after is null)
        {
            changes.Add(new ConfigChange(path, ChangeKind.Removed, before, null));
        }
        else if (!before.ValueEquals(after) || !SameSecrecy(before, after))
        {
            changes.Add(new ConfigChange(path, ChangeKind.Modified, before, after));
        }
    }

    /// <summary>
    /// True when each node of <paramref name="before"/> is secret exactly when its counterpart in <paramref name="after"/>
    /// is. The two are <see cref="ConfigNode.ValueEquals"/> (which ignores secrecy), so they have the same shape.
    /// </summary>
    private static bool SameSecrecy(ConfigNode before, ConfigNode after)
    {
        if (ReferenceEquals(before, after))
        {
            return true;
        }

        if (before.IsSecret != after.IsSecret)
        {
            return false;
        }

        switch (before, after)
        {
            case (ConfigSequence b, ConfigSequence a):
                for (var i = 0; i < b.Count; i++)
                {
                    if (!SameSecrecy(b[i], a[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (ConfigMap b, ConfigMap a):
                foreach (var (key, child) in b.Entries)
                {
                    if (a.TryGetValue(key, out var other) && !SameSecrecy(child, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static ConfigPath Join(ConfigPath prefix, ConfigPath suffix)
    {
        var result = prefix;
        foreach (var s in suffix.Segments)
        {
            result = s.IsIndex ? result.Append(s.Index) : result.Append(s.Key!);
        }

        return result;
    }
}
