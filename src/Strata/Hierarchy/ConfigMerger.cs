using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>
/// Deep merge of layers: maps merge key by key, scalars and sequences from the upper layer replace
/// the lower ones, <c>null</c> is a value like any other, and a <c>!delete</c> value removes the
/// inherited key. Unchanged subtrees are shared, never copied.
/// </summary>
internal static class ConfigMerger
{
    /// <summary>Merges <paramref name="upper"/> over <paramref name="lower"/>.</summary>
    /// <param name="lower">The lower-precedence tree.</param>
    /// <param name="upper">The higher-precedence tree.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        var result = changed
            ? new ConfigMap(entries.Where(e => e is not null).Select(e => e!.Value), lower.Origin)
            : lower;

        // Secrecy belongs to the section: what a higher layer merges into a !secret map is secret too.
        return lower.IsSecret || upper.IsSecret ? (ConfigMap)ConfigTree.MarkSecret(result) : result;
    }

    /// <summary>Merges several layers in order, lowest precedence first.</summary>
    /// <param name="layers">The layers.</param>
    /// <param name="rootOrigin">The origin of the merged root when there are no layers.</param>
    /// <remarks>
    /// The result is exactly that of merging the layers one by one with <see cref="Merge"/>, but built in
    /// one mutable pass: each layer costs what it contains, not what the layers below it contain, so a
    /// layer split into many fragments merges in linear time.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ConfigMap MergeAll(IEnumerable<ConfigMap> layers, Origin rootOrigin)
    {
        ArgumentNullException.ThrowIfNull(layers);
        MapBuilder? result = null;
        ConfigMap? single = null;
        foreach (var layer in layers)
        {
            if (single is null && result is null)
            {
                single = (ConfigMap)StripDeleteMarkers(layer);
                continue;
            }

            result ??= new MapBuilder(single!);
            result.Apply(layer);
        }

        return result?.Build() ?? single ?? ConfigMap.Empty(rootOrigin);
    }

    /// <summary>Removes <c>!delete</c> markers that have nothing beneath them to delete.</summary>
    /// <param name="node">The tree.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ConfigNode StripDeleteMarkers(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is not ConfigMap map || (map.Flags & SubtreeFlags.DeleteMarker) == 0)
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

    /// <summary>
    /// A map being merged into, layer after layer. Children are opened as builders only when a higher
    /// layer merges a map into them; untouched children stay the original (shared) nodes, and a builder
    /// nothing changed returns its original map.
    /// </summary>
    private sealed class MapBuilder
    {
        private readonly ConfigMap _original;
        private readonly List<(string Key, object Value)?> _entries;
        private readonly Dictionary<string, int> _positions;
        private bool _changed;
        private bool _secret;

        public MapBuilder(ConfigMap original)
        {
            _original = original;
            _secret = original.IsSecret;
            _entries = new List<(string, object)?>(original.Count);
            _positions = new Dictionary<string, int>(original.Count, StringComparer.Ordinal);
            foreach (var (key, value) in original.Entries)
            {
                _positions[key] = _entries.Count;
                _entries.Add((key, value));
            }
        }

        /// <summary>Merges <paramref name="upper"/> over this map, as <see cref="Merge"/> would.</summary>
        public void Apply(ConfigMap upper)
        {
            _secret |= upper.IsSecret;
            foreach (var (key, value) in upper.Entries)
            {
                var at = _positions.TryGetValue(key, out var p) ? p : -1;
                var existing = at >= 0 ? _entries[at]?.Value : null;
                if (value is ConfigScalar { IsDeleteMarker: true })
                {
                    if (existing is not null)
                    {
                        // Gone for good: a higher layer that sets the key again appends it, as Merge does.
                        _entries[at] = null;
                        _positions.Remove(key);
                        _changed = true;
                    }

                    continue;
                }

                if (value is ConfigMap upperMap && existing is ConfigMap or MapBuilder)
                {
                    if (upperMap.Count == 0)
                    {
                        continue;
                    }

                    var child = existing as MapBuilder ?? new MapBuilder((ConfigMap)existing);
                    child.Apply(upperMap);
                    if (!ReferenceEquals(child, existing))
                    {
                        _entries[at] = (key, child);
                    }

                    continue;
                }

                var replacement = StripDeleteMarkers(value);
                if (ReferenceEquals(replacement, existing))
                {
                    continue;
                }

                _changed = true;
                if (at >= 0)
                {
                    _entries[at] = (key, replacement);
                }
                else
                {
                    _positions[key] = _entries.Count;
                    _entries.Add((key, replacement));
                }
            }
        }

        public ConfigMap Build()
        {
            var built = new List<KeyValuePair<string, ConfigNode>>(_entries.Count);
            var changed = _changed;
            foreach (var entry in _entries)
            {
                if (entry is not { } e)
                {
                    continue;
                }

                var node = e.Value as ConfigNode ?? ((MapBuilder)e.Value).Build();
                changed |= e.Value is MapBuilder && !ReferenceEquals(node, ((MapBuilder)e.Value)._original);
                built.Add(new(e.Key, node));
            }

            var result = changed ? new ConfigMap(built, _original.Origin) : _original;
            return _secret ? (ConfigMap)ConfigTree.MarkSecret(result) : result;
        }
    }
}
