using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Strata.Model;

namespace Strata.Sources.Json;

/// <summary>
/// What is being built while JSON is read: the open containers, their entries and items on shared
/// stacks, the node count limit, and the path to the current value (materialized only for errors).
/// </summary>
internal sealed class JsonParseState(string source, LayerKind layer, ParserLimits limits)
{
    private readonly JsonLineCursor _lines = new();
    private readonly List<JsonFrame> _frames = [];
    private readonly List<KeyValuePair<string, ConfigNode>> _entries = [];
    private readonly List<long> _keyOffsets = [];
    private readonly List<ConfigNode> _items = [];
    private long _nodes;

    public ParserLimits Limits => limits;

    /// <summary>The parse's key strings, one instance per distinct short key.</summary>
    public KeyPool Keys { get; } = new();

    /// <summary>How many objects and arrays are open.</summary>
    public int Depth { get; private set; }

    /// <summary>The innermost open container.</summary>
    public JsonFrame Top => _frames[Depth - 1];

    public Origin OriginAt(ReadOnlySpan<byte> utf8, long offset)
    {
        var (line, column) = _lines.Locate(utf8, offset);
        return new Origin(source, line, column, layer);
    }

    public void Count(Origin at)
    {
        if (++_nodes > limits.MaxNodes)
        {
            throw Error(at, PathText(), $"the file has more than {limits.MaxNodes} keys and values, the limit");
        }
    }

    public void Open(bool isObject, Origin origin)
    {
        if (Depth == _frames.Count)
        {
            _frames.Add(new JsonFrame());
        }

        _frames[Depth].Open(isObject, origin, isObject ? _entries.Count : _items.Count);
        Depth++;
    }

    /// <summary>Closes the innermost container and returns it as a node.</summary>
    public ConfigNode Close()
    {
        var frame = Top;
        Depth--;
        var start = frame.Start;
        if (frame.IsObject)
        {
            var count = _entries.Count - start;
            var entries = count == 0 ? [] : CollectionsMarshal.AsSpan(_entries).Slice(start, count).ToArray();
            _entries.RemoveRange(start, count);
            _keyOffsets.RemoveRange(start, count);
            return ConfigMap.FromUniqueEntries(entries, frame.Origin);
        }

        var length = _items.Count - start;
        var items = length == 0 ? [] : CollectionsMarshal.AsSpan(_items).Slice(start, length).ToArray();
        _items.RemoveRange(start, length);
        return ConfigSequence.FromItems(items, frame.Origin);
    }

    /// <summary>Adds a finished value to the innermost container, under its key or as its next item.</summary>
    public void Attach(ConfigNode value)
    {
        var frame = Top;
        if (frame.IsObject)
        {
            // Added after the value: a nested object has used (and released) the stacks above this point.
            frame.Positions?.Add(frame.Key!, _entries.Count);
            _keyOffsets.Add(frame.KeyOffset);
            _entries.Add(new(frame.Key!, value));
            frame.Key = null;
        }
        else
        {
            _items.Add(value);
            frame.Index++;
        }
    }

    /// <summary>
    /// The offset of an earlier key of the innermost object equal to <paramref name="key"/>, or -1:
    /// a scan for small objects, a dictionary once they grow.
    /// </summary>
    public long OffsetOfKey(string key)
    {
        var frame = Top;
        var start = frame.Start;
        if (frame.Positions is { } positions)
        {
            return positions.TryGetValue(key, out var at) ? _keyOffsets[at] : -1;
        }

        for (var i = start; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return _keyOffsets[i];
            }
        }

        if (_entries.Count - start >= 16)
        {
            positions = frame.RentPositions();
            for (var i = start; i < _entries.Count; i++)
            {
                positions[_entries[i].Key] = i;
            }

            frame.Positions = positions;
        }

        return -1;
    }

    /// <summary>The path to the value being read.</summary>
    public string PathText() => PathText(Depth);

    /// <summary>The path through the outermost <paramref name="frames"/> open containers, built in one pass.</summary>
    public string PathText(int frames)
    {
        var segments = ImmutableArray.CreateBuilder<PathSegment>(frames);
        for (var i = 0; i < frames; i++)
        {
            var frame = _frames[i];
            if (!frame.IsObject)
            {
                segments.Add(PathSegment.ForIndex(frame.Index));
            }
            else if (frame.Key is { } key)
            {
                segments.Add(PathSegment.ForKey(key));
            }
        }

        return ConfigPath.FromSegments(segments.ToImmutable()).Text;
    }

    public ConfigurationLoadException ErrorAt(ReadOnlySpan<byte> utf8, long offset, string path, string message) =>
        Error(OriginAt(utf8, offset), path, message);

    public static ConfigurationLoadException Error(Origin at, string path, string message) => new(ConfigurationError.At(at, path, message));
}
