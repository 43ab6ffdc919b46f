namespace Strata.Model;

/// <summary>
/// What a subtree holds somewhere below (or at) its root, computed once when a node is built from its children,
/// so walks that only act on such nodes (interpolation, removing delete markers) skip every other subtree.
/// </summary>
[Flags]
internal enum SubtreeFlags : byte
{
    /// <summary>Nothing of note.</summary>
    None = 0,

    /// <summary>A string value containing <c>${</c> (a placeholder or an escaped one).</summary>
    Placeholder = 1,

    /// <summary>A <c>!delete</c> marker.</summary>
    DeleteMarker = 2,
}
