namespace Strata.Validation;

/// <summary>What one <see cref="PatternSegment"/> matches.</summary>
internal enum PatternSegmentKind
{
    /// <summary>One named map key.</summary>
    Key,

    /// <summary>Any map key: <c>*</c>.</summary>
    AnyKey,

    /// <summary>One list index: <c>[2]</c>.</summary>
    Index,

    /// <summary>Any list item: <c>[*]</c>.</summary>
    AnyIndex,
}
