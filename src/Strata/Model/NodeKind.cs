namespace Strata.Model;

/// <summary>The three shapes a configuration node can take.</summary>
internal enum NodeKind
{
    /// <summary>An insertion-ordered map of string keys to nodes.</summary>
    Map,

    /// <summary>An ordered sequence of nodes.</summary>
    Sequence,

    /// <summary>A single typed value: null, bool, integer, float or string.</summary>
    Scalar,
}
