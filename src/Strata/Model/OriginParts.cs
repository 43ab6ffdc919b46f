namespace Strata.Model;

/// <summary>
/// The parts of an <see cref="Origin"/> as a value, for building nodes without an <see cref="Origin"/> object each:
/// nodes keep these parts, and parsers and copies hand them on as they are.
/// </summary>
/// <param name="Source">The source name.</param>
/// <param name="Line">The 1-based line, or 0 when not from a file.</param>
/// <param name="Column">The 1-based column, or 0.</param>
/// <param name="Layer">The layer.</param>
internal readonly record struct OriginParts(string Source, int Line, int Column, LayerKind Layer)
{
    /// <summary>The parts of <paramref name="origin"/>.</summary>
    /// <param name="origin">The origin.</param>
    public static OriginParts Of(Origin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return new(origin.Source, origin.Line, origin.Column, origin.Layer);
    }

    /// <summary>The origin these parts make.</summary>
    public Origin ToOrigin() => new(Source, Line, Column, Layer);
}
