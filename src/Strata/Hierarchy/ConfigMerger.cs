using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>
/// Deep merge of layers: maps merge key by key, scalars and sequences from the upper layer replace
/// the lower ones, <c>null</c> is a value like any other, and a <c>!delete</c> value removes the
/// inherited key. Unchanged subtrees are shared, never copied.
/// </summary>
public static class ConfigMerger
{
    /// <summary>Merges <paramref name="upper"/> over <paramref name="lower"/>.</summary>
    /// <param name="lower">The lower-precedence tree.</param>
    /// <param name="upper">The higher-precedence tree.</param>
    public static ConfigMap Merge(ConfigMap lower, ConfigMap upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (upper.Count == 0)
        {
            return lower;
        }

        // Copy-on-first-change into a list, so merging n keys costs O(n), not O(n²).
        var entries = new List<KeyValuePair<string, ConfigNode>?>(lower.Count + upper.Count);
        var positions = new Dictionary<string, int>(lower.Count + upper.Count, StringComparer.Ordinal);
        foreach (var entry in lower)
        {
            positions[entry.Key] = entries.Count;
            entries.Add(entry);
        }

        var changed = false;
        foreach (var (key, value) in upper)
        {
            var at = positions.TryGetValue(key, out var p) ? p : -1;
            var existing = at >= 0 ? entries[at]?.Value : null;
            if (value is ConfigScalar { IsDeleteMarker: true })
            {
                if (existing is not null)
                {
                    entries[at] = null;
                    changed = true;
                }

                continue;
            }

            var merged = value is ConfigMap upperMap && existing is ConfigMap lowerMap
                ? Merge(lowerMap, upperMap)
                : StripDeleteMarkers(value);
            if (ReferenceEquals(merged, existing))
            {
                continue;
            }

            changed = true;
            if (at >= 0)
            {
                entries[at] = new(key, merged);
            }
            else
            {
                positions[key] = entries.Count;
                entries.Add(new(key, merged));
            }
        }

        return changed
            ? new ConfigMap(entries.Where(e => e is not null).Select(e => e!.Value), lower.Origin)
            : lower;
    }

    /// <summary>Merges several layers in order, lowest precedence first.</summary>
    /// <param name="layers">The layers.</param>
    /// <param name="rootOrigin">The origin of the merged root when there are no layers.</param>
    public static ConfigMap MergeAll(IEnumerable<ConfigMap> layers, Origin rootOrigin)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ConfigMap? result = null;
        foreach (var layer in layers)
        {
            result = result is null ? (ConfigMap)StripDeleteMarkers(layer) : Merge(result, layer);
        }

        return result ?? ConfigMap.Empty(rootOrigin);
    }

    /// <summary>Removes <c>!delete</c> markers that have nothing beneath them to delete.</summary>
    /// <param name="node">The tree.</param>
    public static ConfigNode StripDeleteMarkers(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is not ConfigMap map)
        {
            return node;
        }

        var result = map;
        foreach (var (key, value) in map)
        {
            if (value is ConfigScalar { IsDeleteMarker: true })
            {
                result = result.Remove(key);
            }
            else if (value is ConfigMap)
            {
                var stripped = StripDeleteMarkers(value);
                if (!ReferenceEquals(stripped, value))
                {
                    result = result.SetItem(key, stripped);
                }
            }
        }

        return result;
    }
}
