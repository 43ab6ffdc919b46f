namespace Strata.Model;

/// <summary>One step of a <see cref="ConfigPath"/>: a map key or a sequence index.</summary>
public readonly record struct PathSegment
{
    private PathSegment(string? key, int index)
    {
        Key = key;
        Index = index;
    }

    /// <summary>The map key, or null for an index segment.</summary>
    public string? Key { get; }

    /// <summary>The sequence index; -1 for a key segment.</summary>
    public int Index { get; }

    /// <summary>True for a sequence index.</summary>
    public bool IsIndex => Key is null;

    /// <summary>Creates a key segment.</summary>
    /// <param name="key">The key.</param>
    public static PathSegment ForKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key, -1);
    }

    /// <summary>Creates an index segment.</summary>
    /// <param name="index">The zero-based index.</param>
    public static PathSegment ForIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(null, index);
    }

    /// <inheritdoc />
    public override string ToString() => Key ?? $"[{Index}]";
}
