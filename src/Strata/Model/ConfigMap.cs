using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Strata.Model;

/// <summary>
/// An immutable, insertion-ordered map of string keys to nodes. Keys compare ordinally.
/// </summary>
public sealed class ConfigMap : ConfigNode, IReadOnlyList<KeyValuePair<string, ConfigNode>>
{
    // Up to this many entries a lookup scans the array; above it a dictionary is built on the first lookup,
    // so maps that are only walked (most of them, in a reload) never pay for one.
    private const int IndexThreshold = 16;
    private readonly KeyValuePair<string, ConfigNode>[] _entries;
    private Dictionary<string, int>? _index;

    /// <summary>Creates a map from entries in order. Later duplicates replace earlier ones in place.</summary>
    /// <param name="entries">The entries.</param>
    /// <param name="origin">Where the map was defined.</param>
    public ConfigMap(IEnumerable<KeyValuePair<string, ConfigNode>> entries, Origin origin)
        : base(OriginParts.Of(origin))
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<KeyValuePair<string, ConfigNode>>();
        Dictionary<string, int>? seen = null;
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry.Key);
            ArgumentNullException.ThrowIfNull(entry.Value);
            seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (seen.TryGetValue(entry.Key, out var at))
            {
                list[at] = entry;
            }
            else
            {
                seen[entry.Key] = list.Count;
                list.Add(entry);
            }
        }

        _entries = [.. list];
        _index = _entries.Length > IndexThreshold ? seen : null;
        Flags = FlagsOf(_entries);
    }

    private ConfigMap(KeyValuePair<string, ConfigNode>[] entries, in OriginParts origin, bool isSecret)
        : base(origin)
    {
        _entries = entries;
        IsSecret = isSecret;
        Flags = FlagsOf(entries);
    }

    private ConfigMap(KeyValuePair<string, ConfigNode>[] entries, in OriginParts origin, bool isSecret, SubtreeFlags flags, Dictionary<string, int>? index)
        : base(origin)
    {
        _entries = entries;
        IsSecret = isSecret;
        Flags = flags;
        _index = index;
    }

    /// <summary>Creates a map from entries whose keys are known to be unique (parsers check that themselves); takes ownership of the array.</summary>
    /// <param name="entries">The entries, keys unique.</param>
    /// <param name="origin">Where the map was defined.</param>
    internal static ConfigMap FromUniqueEntries(KeyValuePair<string, ConfigNode>[] entries, Origin origin) => new(entries, OriginParts.Of(origin), false);

    /// <summary>As <see cref="FromUniqueEntries(KeyValuePair{string, ConfigNode}[], Origin)"/>, from the origin's parts.</summary>
    /// <param name="entries">The entries, keys unique.</param>
    /// <param name="origin">Where the map was defined.</param>
    internal static ConfigMap FromUniqueEntries(KeyValuePair<string, ConfigNode>[] entries, in OriginParts origin) => new(entries, origin, false);

    /// <summary>Creates an empty map.</summary>
    /// <param name="origin">Where it was defined.</param>
    public static ConfigMap Empty(Origin origin) => new([], OriginParts.Of(origin), false);

    /// <inheritdoc />
    internal override NodeKind Kind => NodeKind.Map;

    /// <inheritdoc />
    public override string TypeName => "map";

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Length;

    /// <summary>The entry at <paramref name="index"/> in insertion order.</summary>
    /// <param name="index">The position.</param>
    public KeyValuePair<string, ConfigNode> this[int index] => _entries[index];

    /// <summary>The entries in insertion order, for allocation-free walks inside the library.</summary>
    internal ReadOnlySpan<KeyValuePair<string, ConfigNode>> Entries => _entries;

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>True when the map has <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Looks up a child.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The child, when found.</param>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ConfigNode value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : null;
        return i >= 0;
    }

    /// <summary>
    /// Looks up a child, trying the entry at <paramref name="hint"/> first: the maps of successive versions mostly keep
    /// their keys in place, so walks over two versions side by side find them without a hash lookup.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="hint">Where the key probably is.</param>
    /// <param name="value">The child, when found.</param>
    internal bool TryGetValue(string key, int hint, [MaybeNullWhen(false)] out ConfigNode value)
    {
        if ((uint)hint < (uint)_entries.Length && string.Equals(_entries[hint].Key, key, StringComparison.Ordinal))
        {
            value = _entries[hint].Value;
            return true;
        }

        return TryGetValue(key, out value);
    }

    /// <summary>Returns a map with <paramref name="key"/> set; an existing key keeps its position.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public ConfigMap SetItem(string key, ConfigNode value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var i = IndexOf(key);
        KeyValuePair<string, ConfigNode>[] copy;
        if (i >= 0)
        {
            if (ReferenceEquals(_entries[i].Value, value))
            {
                return this;
            }

            copy = (KeyValuePair<string, ConfigNode>[])_entries.Clone();
            copy[i] = new(key, value);
        }
        else
        {
            copy = new KeyValuePair<string, ConfigNode>[_entries.Length + 1];
            _entries.CopyTo(copy, 0);
            copy[^1] = new(key, value);
        }

        return new ConfigMap(copy, Parts, IsSecret);
    }

    /// <summary>Returns a map without <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    public ConfigMap Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return this;
        }

        var copy = new KeyValuePair<string, ConfigNode>[_entries.Length - 1];
        Array.Copy(_entries, 0, copy, 0, i);
        Array.Copy(_entries, i + 1, copy, i, _entries.Length - i - 1);
        return new ConfigMap(copy, Parts, IsSecret);
    }

    /// <summary>Returns a copy with another origin.</summary>
    /// <param name="origin">The new origin.</param>
    public ConfigMap WithOrigin(Origin origin) => new(_entries, OriginParts.Of(origin), IsSecret);

    /// <summary>Returns the same map marked (or unmarked) secret as a whole.</summary>
    /// <param name="isSecret">Whether the map is secret.</param>
    internal ConfigMap WithSecretFlag(bool isSecret) => isSecret == IsSecret ? this : new(_entries, Parts, isSecret);

    /// <summary>
    /// A map with this map's origin, secrecy and keys in the same order, and other values (<paramref name="entries"/>,
    /// owned from now on). It shares this map's key lookup table when that has been built, and when nothing here has
    /// flags, only the values that differ are asked for theirs.
    /// </summary>
    /// <param name="entries">The entries: the same keys at the same positions.</param>
    internal ConfigMap WithValues(KeyValuePair<string, ConfigNode>[] entries)
    {
        var flags = Flags == SubtreeFlags.None ? FlagsOfChanged(_entries, entries) : FlagsOf(entries);
        return new(entries, Parts, IsSecret, flags, _index);
    }

    /// <inheritdoc />
    public override ConfigNode WithLayer(LayerKind layer)
    {
        var copy = new KeyValuePair<string, ConfigNode>[_entries.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = new(_entries[i].Key, _entries[i].Value.WithLayer(layer));
        }

        return new ConfigMap(copy, Parts with { Layer = layer }, IsSecret);
    }

    /// <inheritdoc />
    public override bool ValueEquals(ConfigNode? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not ConfigMap m || m.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < _entries.Length; i++)
        {
            var (key, value) = _entries[i];
            if (!m.TryGetValue(key, out var theirs) || !value.ValueEquals(theirs))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int ValueHashCode()
    {
        // Order-insensitive, to agree with ValueEquals.
        var hash = 0;
        foreach (var (key, value) in _entries)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value.ValueHashCode());
        }

        return HashCode.Combine(NodeKind.Map, hash, Count);
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, ConfigNode>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, ConfigNode>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// True when <paramref name="other"/> has this map's keys in the same order. Maps made from one another by
    /// <see cref="WithValues"/> share their key table, which says so at once; others are compared key by key.
    /// </summary>
    /// <param name="other">The other map.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool HasKeysOf(ConfigMap other)
    {
        if (ReferenceEquals(this, other) || (_index is not null && ReferenceEquals(_index, other._index)))
        {
            return true;
        }

        var mine = _entries;
        var theirs = other._entries;
        if (mine.Length != theirs.Length)
        {
            return false;
        }

        for (var i = 0; i < mine.Length; i++)
        {
            if (!string.Equals(mine[i].Key, theirs[i].Key))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The position of <paramref name="key"/>, or -1.</summary>
    /// <param name="key">The key.</param>
    internal int IndexOf(string key)
    {
        if (_entries.Length > IndexThreshold)
        {
            return (_index ?? BuildIndex()).TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < _entries.Length; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SubtreeFlags FlagsOf(KeyValuePair<string, ConfigNode>[] entries)
    {
        var flags = SubtreeFlags.None;
        foreach (var entry in entries)
        {
            flags |= entry.Value.Flags;
        }

        return flags;
    }

    // The flags of the values in `entries` that are not the same node as in `before` (whose values have none).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SubtreeFlags FlagsOfChanged(KeyValuePair<string, ConfigNode>[] before, KeyValuePair<string, ConfigNode>[] entries)
    {
        var flags = SubtreeFlags.None;
        for (var i = 0; i < entries.Length; i++)
        {
            if (!ReferenceEquals(entries[i].Value, before[i].Value))
            {
                flags |= entries[i].Value.Flags;
            }
        }

        return flags;
    }

    /// <summary>Builds the key index of a large map; concurrent first lookups may each build one, and one of them is kept.</summary>
    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(_entries.Length, StringComparer.Ordinal);
        for (var i = 0; i < _entries.Length; i++)
        {
            index[_entries[i].Key] = i;
        }

        return Interlocked.CompareExchange(ref _index, index, null) ?? index;
    }
}
