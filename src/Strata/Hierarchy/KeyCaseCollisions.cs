using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>
/// Finds keys of one map that differ only in case (<c>Redis</c> and <c>redis</c>), in one file or brought together by
/// the merge of several layers. Such keys are one key to <c>IConfiguration</c> and to anyone reading the file, so a
/// merged tree holding them is refused. Subtrees shared by reference with a tree checked before are skipped, a map
/// with the same keys in the same order as its counterpart there is not checked again (its children still are), and a map
/// whose keys are all lower-case ASCII (ordinally distinct, hence distinct in any case) is passed over without
/// allocating. The walk keeps its own stack, so no nesting depth can overflow the thread's.
/// </summary>
internal static class KeyCaseCollisions
{
    // Up to this many keys, a map is checked pair by pair rather than through a hash table.
    private const int PairwiseLimit = 16;

    /// <summary>One error per colliding key, at the later key's value, naming the earlier one's place; null when there are none.</summary>
    /// <param name="root">The merged tree.</param>
    /// <param name="checkedBefore">A tree that passed this check earlier (the previous candidate), or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<ConfigurationError>? Find(ConfigMap root, ConfigMap? checkedBefore)
    {
        List<ConfigurationError>? errors = null;
        var trail = new List<PathSegment>();
        var pending = new Stack<(ConfigNode Node, ConfigNode? Before, int Depth, PathSegment Segment)>();
        pending.Push((root, checkedBefore, 0, default));
        while (pending.TryPop(out var frame))
        {
            if (ReferenceEquals(frame.Node, frame.Before))
            {
                continue;
            }

            if (frame.Depth > 0)
            {
                trail.RemoveRange(frame.Depth - 1, trail.Count - (frame.Depth - 1));
                trail.Add(frame.Segment);
            }

            if (frame.Node is ConfigMap map)
            {
                // The keys of a map checked before, in the same order, collide no more than they did then (a reload
                // that changed values only rebuilds the maps above them, with the same keys); their values are then
                // compared position by position.
                var before = frame.Before as ConfigMap;
                var sameKeys = before is not null && map.HasKeysOf(before);
                if (!sameKeys)
                {
                    CheckKeys(map, trail, ref errors);
                }

                var earlier = sameKeys ? before!.Entries : default;

                var entries = map.Entries;
                for (var i = entries.Length - 1; i >= 0; i--)
                {
                    var (key, child) = entries[i];
                    ConfigNode? previous;
                    if (sameKeys)
                    {
                        previous = earlier[i].Value;
                        if (ReferenceEquals(child, previous))
                        {
                            continue;
                        }
                    }
                    else
                    {
                        previous = before is not null && before.TryGetValue(key, i, out var p) ? p : null;
                    }

                    if (child is ConfigMap or ConfigSequence && !ReferenceEquals(child, previous))
                    {
                        pending.Push((child, previous, frame.Depth + 1, PathSegment.ForKey(key)));
                    }
                }
            }
            else if (frame.Node is ConfigSequence seq)
            {
                var before = frame.Before as ConfigSequence;
                for (var i = seq.Count - 1; i >= 0; i--)
                {
                    if (seq[i] is ConfigMap or ConfigSequence)
                    {
                        pending.Push((seq[i], before is not null && i < before.Count ? before[i] : null, frame.Depth + 1, PathSegment.ForIndex(i)));
                    }
                }
            }
        }

        return errors;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckKeys(ConfigMap map, List<PathSegment> trail, ref List<ConfigurationError>? errors)
    {
        var entries = map.Entries;
        var plain = true;
        foreach (var entry in entries)
        {
            if (!IsLowerAscii(entry.Key))
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            return;
        }

        if (entries.Length <= PairwiseLimit)
        {
            for (var i = 1; i < entries.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(entries[i].Key, entries[j].Key, StringComparison.OrdinalIgnoreCase))
                    {
                        (errors ??= []).Add(Collision(trail, entries[i], entries[j]));
                        break;
                    }
                }
            }

            return;
        }

        // An open-addressing table of entry positions (plus one; zero is empty), at most half full, from the shared pool.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)entries.Length * 2);
        var slots = ArrayPool<int>.Shared.Rent(size);
        var hashes = ArrayPool<int>.Shared.Rent(size);
        try
        {
            Array.Clear(slots, 0, size);
            for (var i = 0; i < entries.Length; i++)
            {
                var key = entries[i].Key;
                var hash = string.GetHashCode(key, StringComparison.OrdinalIgnoreCase);
                var at = hash & (size - 1);
                while (slots[at] != 0)
                {
                    var earlier = slots[at] - 1;
                    if (hashes[at] == hash && string.Equals(key, entries[earlier].Key, StringComparison.OrdinalIgnoreCase))
                    {
                        (errors ??= []).Add(Collision(trail, entries[i], entries[earlier]));
                        break;
                    }

                    at = (at + 1) & (size - 1);
                }

                if (slots[at] == 0)
                {
                    slots[at] = i + 1;
                    hashes[at] = hash;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(slots);
            ArrayPool<int>.Shared.Return(hashes);
        }
    }

    // True when the key has no upper-case letter and nothing beyond ASCII: case-insensitive comparison is then ordinal.
    private static bool IsLowerAscii(string key) => Ascii.IsValid(key) && !key.AsSpan().ContainsAnyInRange('A', 'Z');

    private static ConfigurationError Collision(List<PathSegment> trail, KeyValuePair<string, ConfigNode> later, KeyValuePair<string, ConfigNode> earlier)
    {
        var path = ConfigPath.FromSegments([.. trail, PathSegment.ForKey(later.Key)]);
        return ConfigurationError.At(later.Value.Origin, path.Text, string.Create(
            CultureInfo.InvariantCulture,
            $"the key '{later.Key}' differs only in case from '{earlier.Key}' at {earlier.Value.Origin}; configuration keys are case-insensitive in .NET"));
    }
}
