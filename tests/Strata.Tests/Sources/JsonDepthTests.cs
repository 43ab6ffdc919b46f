using System.Diagnostics;
using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class JsonDepthTests
{
    private const int Levels = 200_000;

    private const int Deepest = ParserLimits.DepthCeiling;

    private static readonly ParserLimits Deep = new() { MaxDepth = ParserLimits.DepthCeiling };

    private static ConfigMap ParseTimed(string json, ParserLimits limits)
    {
        var watch = Stopwatch.StartNew();
        var map = JsonConfigParser.Parse(Encoding.UTF8.GetBytes(json), "deep.json", LayerKind.Global, limits);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        return map;
    }

    [Fact]
    public void Arrays_nested_as_deep_as_the_ceiling_parse()
    {
        var json = "{\"a\": " + new string('[', Deepest) + new string(']', Deepest) + "}";

        var node = ParseTimed(json, Deep)[0].Value;

        var depth = 0;
        while (node is ConfigSequence { Count: 1 } sequence)
        {
            node = sequence[0];
            depth++;
        }

        Assert.Equal(Deepest - 1, depth);
        Assert.Empty(Assert.IsType<ConfigSequence>(node));
    }

    [Fact]
    public void Objects_nested_as_deep_as_the_ceiling_parse()
    {
        var json = new StringBuilder().Insert(0, "{\"a\":", Deepest + 1).Append('1').Append('}', Deepest + 1).ToString();

        ConfigNode node = ParseTimed(json, Deep);

        var depth = 0;
        while (node is ConfigMap { Count: 1 } map)
        {
            node = map[0].Value;
            depth++;
        }

        Assert.Equal(Deepest + 1, depth);
        Assert.Equal(1, Assert.IsType<ConfigScalar>(node).IntValue);
    }

    [Fact]
    public void An_unclosed_document_is_an_error_at_the_innermost_opening()
    {
        var json = "{\"a\": " + new string('[', Deepest);

        var watch = Stopwatch.StartNew();
        var error = Assert.Single(Assert.Throws<ConfigurationLoadException>(() => JsonConfigParser.Parse(Encoding.UTF8.GetBytes(json), "deep.json", LayerKind.Global, Deep)).Errors);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal((1, 6 + Deepest, "the array opened here is never closed"), (error.Line, error.Column, error.Message));
        Assert.EndsWith("[0][0]", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_limit_stops_a_deep_document_at_level_65()
    {
        var json = "{\"a\": " + new string('[', Levels) + new string(']', Levels) + "}";

        var error = Assert.Single(Assert.Throws<ConfigurationLoadException>(() => ParseTimed(json, ParserLimits.Default)).Errors);

        Assert.Equal((1, 71, "nesting is deeper than the limit of 64 levels"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_200000_deep_document_stops_at_the_ceiling()
    {
        var json = "{\"a\": " + new string('[', Levels) + new string(']', Levels) + "}";

        var error = Assert.Single(Assert.Throws<ConfigurationLoadException>(() => ParseTimed(json, Deep)).Errors);

        Assert.Equal((1, 7 + Deepest, "nesting is deeper than the limit of 1000 levels"), (error.Line, error.Column, error.Message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ParserLimits.DepthCeiling + 1)]
    [InlineData(int.MaxValue)]
    public void A_depth_limit_outside_1_to_the_ceiling_is_refused(int depth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParserLimits { MaxDepth = depth });
}
