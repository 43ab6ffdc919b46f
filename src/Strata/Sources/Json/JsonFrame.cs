using Strata.Model;

namespace Strata.Sources.Json;

/// <summary>
/// One open object or array while JSON is read. Frames are reused by depth, so reading a deep
/// document allocates one per level once.
/// </summary>
internal sealed class JsonFrame
{
    private Dictionary<string, int>? _spare;

    /// <summary>True for an object, false for an array.</summary>
    public bool IsObject { get; set; }

    /// <summary>Where the opening bracket is.</summary>
    public OriginParts Origin { get; set; }

    /// <summary>Where this container's entries or items start in the shared stacks.</summary>
    public int Start { get; set; }

    /// <summary>An object's keys and their entry positions, once the object is large enough to need them.</summary>
    public Dictionary<string, int>? Positions { get; set; }

    /// <summary>An empty positions dictionary; the frame keeps one across the objects it holds, so large objects reuse it.</summary>
    public Dictionary<string, int> RentPositions()
    {
        if (_spare is { } spare)
        {
            spare.Clear();
            return spare;
        }

        return _spare = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    /// <summary>The key whose value is being read (objects); null between entries.</summary>
    public string? Key { get; set; }

    /// <summary>Where <see cref="Key"/> starts.</summary>
    public long KeyOffset { get; set; }

    /// <summary>The index of the item being read (arrays).</summary>
    public int Index { get; set; }

    /// <summary>The previous version's node at this container's place, when it is of the same kind.</summary>
    public ConfigNode? Previous { get; set; }

    /// <summary>The previous version's value for <see cref="Key"/>, found when the key was read.</summary>
    public ConfigNode? PreviousChild { get; set; }

    /// <summary>True while every key of this object so far is the previous map's key in the same place (the same string).</summary>
    public bool KeysInPlace { get; set; }

    /// <summary>True while this container matches <see cref="Previous"/>: same origin, and every entry so far the previous one, in place.</summary>
    public bool SamePrevious { get; set; }

    /// <summary>Resets the frame for a newly opened container.</summary>
    public void Open(bool isObject, in OriginParts origin, int start)
    {
        IsObject = isObject;
        Origin = origin;
        Start = start;
        Positions = null;
        Key = null;
        KeyOffset = 0;
        Index = 0;
        Previous = null;
        PreviousChild = null;
        SamePrevious = false;
        KeysInPlace = false;
    }
}
