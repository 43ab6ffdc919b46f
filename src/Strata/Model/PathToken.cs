namespace Strata.Model;

/// <summary>One step read from path text by <see cref="PathReader"/>.</summary>
/// <param name="Kind">What the step is.</param>
/// <param name="Key">The key, for <see cref="PathTokenKind.Key"/>.</param>
/// <param name="Index">The index, for <see cref="PathTokenKind.Index"/>.</param>
internal readonly record struct PathToken(PathTokenKind Kind, string? Key, int Index);

/// <summary>What a <see cref="PathToken"/> is.</summary>
internal enum PathTokenKind
{
    /// <summary>A map key, bare or in backticks.</summary>
    Key,

    /// <summary>A list index, <c>[2]</c>.</summary>
    Index,

    /// <summary>Any map key, <c>*</c> (patterns only).</summary>
    AnyKey,

    /// <summary>Any list item, <c>[*]</c> (patterns only).</summary>
    AnyIndex,
}
