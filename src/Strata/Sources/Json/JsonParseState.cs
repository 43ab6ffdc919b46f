using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Strata.Model;

namespace Strata.Sources.Json;

/// <summary>
/// What is being built while JSON is read: the open containers, their entries and items on shared
/// stacks, the node count limit, and the path to the current value (materialized only for errors).
/// Given the previous version's tree of the same file, it hands back that tree's nodes wherever the
/// new text yields the same node (see the other part of this class).
/// </summary>
internal sealed partial class JsonParseState(string source, LayerKind layer, ParserLimits limits, ConfigMap? previous = null)
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

    /// <summary>The line and column where <paramref name="offset"/> is.</summary>
    public (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, long offset) => _lines.Locate(utf8, offset);

    /// <summary>A new origin at a line and column of this file.</summary>
    public OriginParts NewOrigin(int line, int column) => new(source, line, column, layer);

    /// <summary>Counts one more node; the node at <paramref name="offset"/> past the limit is an error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Count(ReadOnlySpan<byte> utf8, long offset)
    {
        if (++_nodes > limits.MaxNodes)
        {
            throw ErrorAt(utf8, offset, PathText(), $"the file has more than {limits.MaxNodes} keys and values, the limit");
        }
    }

    /// <summary>Opens an object or array whose bracket is at <paramref name="line"/> and <paramref name="column"/>.</summary>
    public void Open(bool isObject, int line, int column)
    {
        var previousNode = PreviousValue() is { } candidate && (isObject ? candidate is ConfigMap : candidate is ConfigSequence) ? candidate : null;
        var same = previousNode is not null && IsAt(previousNode, line, column);
        if (Depth == _frames.Count)
        {
            _frames.Add(new JsonFrame());
        }

        var frame = _frames[Depth];
        frame.Open(isObject, same ? previousNode!.Parts : NewOrigin(line, column), isObject ? _entries.Count : _items.Count);
        frame.Previous = previousNode;
        frame.SamePrevious = same;
        frame.KeysInPlace = previousNode is ConfigMap;
        Depth++;
    }

    /// <summary>Closes the innermost container and returns it as a node.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ConfigNode Close()
    {
        var frame = Top;
        Depth--;
        var start = frame.Start;
        if (TakePrevious(frame) is { } unchanged)
        {
            return unchanged;
        }

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Attach(ConfigNode value)
    {
        var frame = Top;
        if (frame.SamePrevious && !ReferenceEquals(value, PreviousValue()))
        {
            frame.SamePrevious = false;
        }

        if (frame.IsObject)
        {
            // Added after the value: a nested object has used (and released) the stacks above this point.
            frame.Positions?.Add(frame.Key!, _entries.Count);
            _keyOffsets.Add(frame.KeyOffset);
            _entries.Add(new(frame.Key!, value));
            frame.Key = null;
            frame.PreviousChild = null;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
