using System.Collections.Immutable;
using CsCheck;
using Strata.Model;

namespace Strata.Tests.Model;

public class ConfigPathPropertyTests
{
    private static readonly Gen<ConfigPath> Path = PathGenerators.Path;

    // A small alphabet, so that different segment lists that could print alike are generated often.
    private static readonly Gen<ConfigPath> NearPath = Gen.Select(
        Gen.OneOf("", "a", ".", "a.a", "`", "``", "a`", "[0]", "0").Select(PathSegment.ForKey),
        Gen.OneOf(Gen.OneOf("", "a", ".", "a.a", "`", "a[0]").Select(PathSegment.ForKey), Gen.Int[0, 1].Select(PathSegment.ForIndex)).Array[0, 3],
        (first, rest) => ConfigPath.FromSegments([first, .. rest]));

    [Fact]
    public void Parsing_the_printed_text_gives_the_same_segments()
    {
        Path.Sample(path =>
        {
            var parsed = ConfigPath.Parse(path.Text);
            Assert.Equal<PathSegment>(path.Segments, parsed.Segments);
            Assert.Equal(path.Text, parsed.Text);
            Assert.Equal(path, parsed);
        }, iter: 5000);
    }

    [Fact]
    public void Appending_step_by_step_prints_as_building_from_segments()
    {
        Path.Sample(path =>
        {
            var built = path.Segments.Aggregate(ConfigPath.Root, (p, s) => s.IsIndex ? p.Append(s.Index) : p.Append(s.Key!));
            Assert.Equal(path.Text, built.Text);
        }, iter: 2000);
    }

    [Fact]
    public void Two_paths_print_the_same_exactly_when_their_segments_are_the_same()
    {
        Gen.Select(NearPath, NearPath).Sample((a, b) =>
        {
            var sameSegments = a.Segments.SequenceEqual(b.Segments);
            Assert.Equal(sameSegments, a.Text == b.Text);
            Assert.Equal(sameSegments, a == b);
        }, iter: 5000);
        Gen.Select(Path, Path).Sample((a, b) => Assert.Equal(a.Segments.SequenceEqual(b.Segments), a.Text == b.Text), iter: 2000);
    }

    [Fact]
    public void Malformed_text_is_refused_with_a_message_and_nothing_else_throws()
    {
        Gen.OneOf(Gen.String, Path.Select(p => p.Text)).Select(Gen.Int[0, 3], Gen.OneOf("`", ".", "[", "]", "*", "=", " ", "[x]"), (text, at, insert) =>
            text.Length == 0 ? insert : text.Insert(Math.Min(at, text.Length), insert)).Sample(text =>
        {
            if (ConfigPath.TryParse(text, out var path, out var error))
            {
                Assert.Equal(path, ConfigPath.Parse(path.Text));
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                Assert.DoesNotContain('\n', error);
            }
        }, iter: 5000);
    }

    [Fact]
    public void Paths_built_from_segments_keep_them()
    {
        var segments = ImmutableArray.Create(PathSegment.ForKey("x.y"), PathSegment.ForIndex(0), PathSegment.ForKey(string.Empty));
        Assert.Equal<PathSegment>(segments, ConfigPath.FromSegments([.. segments]).Segments);
    }
}
