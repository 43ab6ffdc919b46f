using Strata.Secrets;
using Strata.Serialization;

namespace Strata.Model;

/// <summary>
/// An immutable node of a configuration tree. Every node knows its <see cref="Origin"/>.
/// Trees share unchanged subtrees freely, because nothing in them ever changes.
/// </summary>
public abstract class ConfigNode
{
    // The origin's parts, kept in the node: an Origin object per value would be most of a tree's memory.
    private readonly string _source;
    private readonly int _line;
    private readonly int _column;
    private readonly LayerKind _layer;

    private protected ConfigNode(in OriginParts origin)
    {
        ArgumentNullException.ThrowIfNull(origin.Source);
        (_source, _line, _column, _layer) = (origin.Source, origin.Line, origin.Column, origin.Layer);
    }

    /// <summary>Where this node was defined. Each call returns a new, equal <see cref="Model.Origin"/>: the node keeps its parts.</summary>
    public Origin Origin => new(_source, _line, _column, _layer);

    /// <summary>The parts of <see cref="Origin"/>, without building it.</summary>
    internal OriginParts Parts => new(_source, _line, _column, _layer);

    /// <summary>The layer of <see cref="Origin"/>, without building it.</summary>
    internal LayerKind Layer => _layer;

    /// <summary>True when this node was defined at the same place as <paramref name="other"/> (equal origins).</summary>
    /// <param name="other">The other node.</param>
    internal bool SameOrigin(ConfigNode other) => HasOrigin(other._source, other._line, other._column, other._layer);

    /// <summary>True when this node's origin has these parts.</summary>
    /// <param name="source">The source.</param>
    /// <param name="line">The line.</param>
    /// <param name="column">The column.</param>
    /// <param name="layer">The layer.</param>
    internal bool HasOrigin(string source, int line, int column, LayerKind layer) =>
        _line == line && _column == column && _layer == layer && string.Equals(_source, source, StringComparison.Ordinal);

    /// <summary>The shape of this node.</summary>
    internal abstract NodeKind Kind { get; }

    /// <summary>A short name of the node's type for messages: map, list, null, bool, int, float or string.</summary>
    public abstract string TypeName { get; }

    /// <summary>What this subtree holds somewhere, so walks can skip subtrees that hold nothing they act on.</summary>
    internal SubtreeFlags Flags { get; private protected init; }

    /// <summary>True when the node was tagged <c>!secret</c> in its source.</summary>
    public bool IsSecret { get; private protected init; }

    /// <summary>The union of the flags of <paramref name="children"/>.</summary>
    private protected static SubtreeFlags FlagsOf(ReadOnlySpan<ConfigNode> children)
    {
        var flags = SubtreeFlags.None;
        foreach (var child in children)
        {
            flags |= child.Flags;
        }

        return flags;
    }

    /// <summary>Returns a copy of this node (and its children) with every origin moved to <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer to assign.</param>
    public abstract ConfigNode WithLayer(LayerKind layer);

    /// <summary>Structural equality of values, ignoring origins.</summary>
    /// <param name="other">The node to compare with.</param>
    public abstract bool ValueEquals(ConfigNode? other);

    /// <summary>A hash code consistent with <see cref="ValueEquals"/>.</summary>
    public abstract int ValueHashCode();

    /// <summary>
    /// Writes this node (and its children) as JSON text: numbers and booleans stay JSON-typed, and with a
    /// <paramref name="redactor"/> every secret value is written as <c>***</c>.
    /// </summary>
    /// <param name="redactor">When given, secret values are masked.</param>
    /// <param name="path">Where this node sits in its tree, so secrets are recognised by their key; the root when null.</param>
    /// <param name="indented">Whether to indent the JSON.</param>
    public string ToJson(SecretRedactor? redactor = null, ConfigPath? path = null, bool indented = false) =>
        ConfigJsonWriter.ToJson(this, redactor, indented, path);
}
