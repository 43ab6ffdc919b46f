using System.Globalization;

namespace Strata.Model;

/// <summary>
/// Where a configuration value came from: the source (a path relative to the config directory,
/// <c>env:NAME</c>, <c>etcd:/prefix/key@rev</c> or <c>cli</c>), the 1-based line and column,
/// and the layer.
/// </summary>
/// <param name="Source">The source name, relative to the config directory for files.</param>
/// <param name="Line">1-based line, or 0 when the source has no lines.</param>
/// <param name="Column">1-based column, or 0 when the source has no columns.</param>
/// <param name="Layer">The layer the value belongs to.</param>
public sealed record Origin(string Source, int Line, int Column, LayerKind Layer)
{
    /// <summary>An origin for values created in code with no better source.</summary>
    public static Origin Runtime { get; } = new("runtime", 0, 0, LayerKind.Runtime);

    /// <summary>Returns a copy of this origin placed in another layer.</summary>
    /// <param name="layer">The layer of the copy.</param>
    public Origin WithLayer(LayerKind layer) => layer == Layer ? this : this with { Layer = layer };

    /// <summary>Formats the origin as <c>source:line:column</c> (or just the source when it has no line).</summary>
    public override string ToString() =>
        Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}:{Column}")
            : Source;
}
