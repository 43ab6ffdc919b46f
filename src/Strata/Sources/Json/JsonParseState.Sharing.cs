using System.Runtime.CompilerServices;
using System.Text.Json;
using Strata.Model;

namespace Strata.Sources.Json;

/// <summary>
/// Sharing with the previous version while parsing: each value, object and array is compared with the node the previous
/// tree has at the same place (same key, or same index), and when the text yields the same node (same value, same
/// origin) the previous node is used instead of a new one; an object or array whose children all came back unchanged,
/// in the same order, is itself the previous one. The result is what parsing and then
/// <see cref="StructuralSharing.Reuse(ConfigMap, ConfigMap)"/> would give, without building what would be thrown away.
/// </summary>
internal sealed partial class JsonParseState
{
    /// <summary>The previous tree's node where the next value goes (at the current key or index), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ConfigNode? PreviousValue()
    {
        if (Depth == 0)
        {
            return previous;
        }

        var frame = Top;
        return frame.IsObject ? frame.PreviousChild
            : frame.Previous is ConfigSequence seq && frame.Index < seq.Count ? seq[frame.Index] : null;
    }

    /// <summary>The previous tree's key at the current position of the open object when the key token equals it, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? PreviousKeyInPlace(ref Utf8JsonReader reader)
    {
        var frame = Top;
        var position = _entries.Count - frame.Start;
        return frame.Previous is ConfigMap map && position < map.Count && JsonText.ValueEquals(ref reader, map[position].Key) ? map[position].Key : null;
    }

    /// <summary>Records the key whose value comes next and finds the previous tree's value for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SetKey(string key, long offset)
    {
        var frame = Top;
        frame.Key = key;
        frame.KeyOffset = offset;
        if (frame.Previous is not ConfigMap map)
        {
            return;
        }

        var position = _entries.Count - frame.Start;
        if (position >= map.Count || !ReferenceEquals(map[position].Key, key))
        {
            frame.SamePrevious = false;
            frame.KeysInPlace = false;
        }

        frame.PreviousChild = map.TryGetValue(key, position, out var child) ? child : null;
    }

    /// <summary>True when a node of this file at <paramref name="line"/> and <paramref name="column"/> would have <paramref name="node"/>'s origin and no tag.</summary>
    public bool IsAt(ConfigNode node, int line, int column)
    {
        return !node.IsSecret && node.HasOrigin(source, line, column, layer);
    }

    /// <summary>The previous node for a closing container when every child came back unchanged; its entries are dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConfigNode? TakePrevious(JsonFrame frame)
    {
        if (!frame.SamePrevious)
        {
            return null;
        }

        var start = frame.Start;
        if (frame.IsObject)
        {
            var count = _entries.Count - start;
            if (frame.Previous is not ConfigMap { } map || map.Count != count)
            {
                return null;
            }

            _entries.RemoveRange(start, count);
            _keyOffsets.RemoveRange(start, count);
            return map;
        }

        var length = _items.Count - start;
        if (frame.Previous is not ConfigSequence { } seq || seq.Count != length)
        {
            return null;
        }

        _items.RemoveRange(start, length);
        return seq;
    }
}
