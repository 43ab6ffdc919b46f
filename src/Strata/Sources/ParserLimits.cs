namespace Strata.Sources;

/// <summary>
/// Bounds on untrusted input. Each limit, when exceeded, produces a clear error naming the file.
/// </summary>
public sealed record ParserLimits
{
    /// <summary>The defaults: 16 MiB per file, depth 64, 100,000 alias-expanded nodes, 1,000,000 keys.</summary>
    public static ParserLimits Default { get; } = new();

    /// <summary>Largest file accepted, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The highest <see cref="MaxDepth"/> that may be set: every stage after parsing (merge, interpolation,
    /// diff, writers) walks the tree, and this bound keeps each walk far from the end of a thread's stack.</summary>
    public const int DepthCeiling = 1_000;

    /// <summary>Deepest nesting of maps and sequences accepted.</summary>
    /// <value>64. At least 1 and at most <see cref="DepthCeiling"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="DepthCeiling"/>.</exception>
    public int MaxDepth
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, DepthCeiling);
            field = value;
        }
    } = 64;

    /// <summary>Most nodes that YAML aliases may add to a document in total (guards against "billion laughs").</summary>
    public long MaxAliasExpansion { get; init; } = 100_000;

    /// <summary>Most nodes (keys, items and values) accepted in one file.</summary>
    public long MaxNodes { get; init; } = 1_000_000;
}
