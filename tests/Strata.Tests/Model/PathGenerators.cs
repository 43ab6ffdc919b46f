using CsCheck;
using Strata.Model;

namespace Strata.Tests.Model;

/// <summary>Arbitrary paths for properties of the path grammar.</summary>
internal static class PathGenerators
{
    // Pieces a key is glued from: every character the grammar treats specially, white space, control
    // characters, non-ASCII letters, a surrogate pair, a lone surrogate and arbitrary characters.
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOf(".", "[", "]", "`", "``", "*", "=", " ", "\t", "\n", "\0", "[0]", "é", "\U0001F600", "\uD800", "a", "b", "0", "42"),
        Gen.Char.Select(c => c.ToString()),
        Gen.String[0, 4]);

    public static readonly Gen<string> Key = Piece.Array[0, 4].Select(string.Concat);

    public static readonly Gen<PathSegment> Segment = Gen.Frequency(
        (3, Key.Select(PathSegment.ForKey)),
        (1, Gen.OneOf(Gen.Int[0, 20], Gen.Int[0, int.MaxValue]).Select(PathSegment.ForIndex)));

    public static readonly Gen<ConfigPath> Path =
        Gen.Select(Key, Segment.Array[0, 5], (first, rest) => ConfigPath.FromSegments([PathSegment.ForKey(first), .. rest]));
}
