using System.Globalization;

namespace Strata.Validation;

/// <summary>
/// One step of a <see cref="KeyPattern"/>: a map key, any map key (<c>*</c>), a list index (<c>[2]</c>)
/// or any list item (<c>[*]</c>).
/// </summary>
internal readonly record struct PatternSegment
{
    private PatternSegment(PatternSegmentKind kind, string? key, int index)
    {
        Kind = kind;
        Key = key;
        Index = index;
    }

    /// <summary>What the segment matches.</summary>
    public PatternSegmentKind Kind { get; }

    /// <summary>The key, for <see cref="PatternSegmentKind.Key"/>; null otherwise.</summary>
    public string? Key { get; }

    /// <summary>The index, for <see cref="PatternSegmentKind.Index"/>; -1 otherwise.</summary>
    public int Index { get; }

    /// <summary>True for <c>*</c> and <c>[*]</c>.</summary>
    public bool IsWildcard => Kind is PatternSegmentKind.AnyKey or PatternSegmentKind.AnyIndex;

    /// <summary>True for segments that step into a list (<c>[2]</c>, <c>[*]</c>).</summary>
    public bool IsListStep => Kind is PatternSegmentKind.Index or PatternSegmentKind.AnyIndex;

    /// <summary>The segment <c>*</c>.</summary>
    public static PatternSegment AnyKey { get; } = new(PatternSegmentKind.AnyKey, null, -1);

    /// <summary>The segment <c>[*]</c>.</summary>
    public static PatternSegment AnyIndex { get; } = new(PatternSegmentKind.AnyIndex, null, -1);

    /// <summary>Creates a key segment.</summary>
    /// <param name="key">The key.</param>
    public static PatternSegment ForKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(PatternSegmentKind.Key, key, -1);
    }

    /// <summary>Creates an index segment.</summary>
    /// <param name="index">The zero-based index.</param>
    public static PatternSegment ForIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(PatternSegmentKind.Index, null, index);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        PatternSegmentKind.Key => KeyPattern.QuoteKey(Key!),
        PatternSegmentKind.AnyKey => "*",
        PatternSegmentKind.Index => "[" + Index.ToString(CultureInfo.InvariantCulture) + "]",
        _ => "[*]",
    };
}
