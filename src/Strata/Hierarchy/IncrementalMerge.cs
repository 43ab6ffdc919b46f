using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>
/// Re-merges the layers after one of them changed its values but not its top-level keys: only the top-level keys whose
/// value in that layer changed are merged again, across every layer that has them, and the previous merged tree keeps
/// every other key. The result equals <see cref="ConfigMerger.MergeAll"/> over the new layers; when the change could
/// move keys (keys added, removed or reordered, a <c>!delete</c> at the top level, a layer tagged secret as a whole),
/// there is no shortcut and the caller merges everything.
/// </summary>
internal static class IncrementalMerge
{
    /// <summary>The merge of <paramref name="layers"/>, or null when it must be done in full.</summary>
    /// <param name="previousLayers">The layers of the previous merge, in order.</param>
    /// <param name="previousMerged">What <see cref="ConfigMerger.MergeAll"/> made of them.</param>
    /// <param name="layers">The layers now, in order: the same instances except where a layer changed.</param>
    /// <param name="owners">
    /// Which layer has each top-level key, kept from one incremental merge to the next over the same stack (null to look
    /// in every layer); the caller starts a new one after every full merge.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ConfigMap? TryMerge(IReadOnlyList<ConfigMap> previousLayers, ConfigMap previousMerged, IReadOnlyList<ConfigMap> layers, KeyOwners? owners = null)
    {
        if (previousLayers.Count != layers.Count || layers.Count < 2)
        {
            return null;
        }

        var changedAt = -1;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].IsSecret || previousLayers[i].IsSecret)
            {
                return null;
            }

            if (!ReferenceEquals(layers[i], previousLayers[i]))
            {
                if (changedAt >= 0)
                {
                    return null;
                }

                changedAt = i;
            }
        }

        if (changedAt < 0)
        {
            return previousMerged;
        }

        var keys = ChangedKeys(previousLayers[changedAt], layers[changedAt]);
        if (keys is null)
        {
            return null;
        }

        var values = new ConfigNode[keys.Count];
        for (var k = 0; k < keys.Count; k++)
        {
            var owner = owners?.OwnerOf(layers, keys[k]) ?? -1;
            if ((owner >= 0 ? MergeOwn(layers[owner], keys[k]) : MergeKey(layers, keys[k])) is not { } value)
            {
                return null;
            }

            values[k] = value;
        }

        return Replace(previousMerged, keys, values);
    }

    /// <summary>The top-level keys whose value differs, or null when the keys themselves differ (or the root's origin does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<string>? ChangedKeys(ConfigMap before, ConfigMap after)
    {
        if (!before.SameOrigin(after) || !before.HasKeysOf(after))
        {
            return null;
        }

        var keys = new List<string>();
        var old = before.Entries;
        var now = after.Entries;
        for (var i = 0; i < now.Length; i++)
        {
            if (!ReferenceEquals(old[i].Value, now[i].Value))
            {
                // A key that was deleted moves when it comes back: the previous position says nothing.
                if (old[i].Value is ConfigScalar { IsDeleteMarker: true })
                {
                    return null;
                }

                keys.Add(now[i].Key);
            }
        }

        return keys;
    }

    /// <summary>The merged value of one top-level key over every layer that has it; null when a layer deletes it.</summary>
    private static ConfigNode? MergeKey(IReadOnlyList<ConfigMap> layers, string key)
    {
        var parts = new List<ConfigMap>();
        foreach (var layer in layers)
        {
            if (!layer.TryGetValue(key, out var value))
            {
                continue;
            }

            if (value is ConfigScalar { IsDeleteMarker: true })
            {
                return null;
            }

            parts.Add(ConfigMap.FromUniqueEntries([new(key, value)], layer.Parts));
        }

        return ConfigMerger.MergeAll(parts, parts[0].Origin).TryGetValue(key, out var merged) ? merged : null;
    }

    /// <summary>The merged value of a top-level key that only <paramref name="layer"/> has; null when it deletes it.</summary>
    private static ConfigNode? MergeOwn(ConfigMap layer, string key)
    {
        if (!layer.TryGetValue(key, out var value) || value is ConfigScalar { IsDeleteMarker: true })
        {
            return null;
        }

        var part = ConfigMap.FromUniqueEntries([new(key, value)], layer.Parts);
        return ConfigMerger.MergeAll([part], part.Origin).TryGetValue(key, out var merged) ? merged : null;
    }

    /// <summary>The merged tree with new values for <paramref name="keys"/>, in place; null when one of them is not in it.</summary>
    private static ConfigMap? Replace(ConfigMap merged, List<string> keys, ConfigNode[] values)
    {
        var entries = merged.Entries;
        KeyValuePair<string, ConfigNode>[]? rebuilt = null;
        for (var k = 0; k < keys.Count; k++)
        {
            var i = merged.IndexOf(keys[k]);
            if (i < 0)
            {
                return null;
            }

            if (!ReferenceEquals(entries[i].Value, values[k]))
            {
                rebuilt ??= entries.ToArray();
                rebuilt[i] = new(entries[i].Key, values[k]);
            }
        }

        return rebuilt is null ? merged : merged.WithValues(rebuilt);
    }
}
