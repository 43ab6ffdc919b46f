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

    /// <summary>Deepest nesting of maps and sequences accepted.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes that YAML aliases may add to a document in total (guards against "billion laughs").</summary>
    public long MaxAliasExpansion { get; init; } = 100_000;

    /// <summary>Most nodes (keys, items and values) accepted in one file.</summary>
    public long MaxNodes { get; init; } = 1_000_000;
}
