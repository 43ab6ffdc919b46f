using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

/// <summary>Deep nesting with the depth limit at its ceiling: no stack overflow, and time linear in the input.</summary>
public class YamlDepthTests
{
    private static readonly ParserLimits Deepest = new() { MaxDepth = ParserLimits.DepthCeiling, MaxNodes = long.MaxValue, MaxFileBytes = long.MaxValue };

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // Walks down the first child of each collection without recursion.
    private static int DepthOf(ConfigNode node)
    {
        var depth = 1;
        while (true)
        {
            switch (node)
            {
                case ConfigMap { Count: > 0 } m:
                    node = m[0].Value;
                    break;
                case ConfigSequence { Count: > 0 } q:
                    node = q[0];
                    break;
                default:
                    return depth;
            }

            depth++;
        }
    }

    private static ConfigMap ParseWithin(string yaml, ParserLimits limits)
    {
        var parse = Task.Run(() => Parse.Yaml(yaml, limits: limits));
        Assert.True(parse.Wait(Bound), "parsing took longer than " + Bound);
        return parse.Result;
    }

    [Fact]
    public void Flow_collections_nested_near_the_ceiling_parse()
    {
        const int depth = ParserLimits.DepthCeiling - 10;
        Assert.Equal(depth + 1, DepthOf(ParseWithin("a: " + new string('[', depth) + new string(']', depth) + "\n", Deepest)));
        var map = "a: " + new StringBuilder().Insert(0, "{k: ", depth).Append('1').Append('}', depth) + "\n";
        Assert.Equal(depth + 2, DepthOf(ParseWithin(map, Deepest)));
    }

    [Fact]
    public void A_flow_sequence_100000_deep_fails_clearly_at_the_ceiling()
    {
        // YamlDotNet's scanner slows with the square of flow depth; the ceiling keeps it to a fraction of a second.
        const int depth = 100_000;
        var yaml = "a: " + new string('[', depth) + new string(']', depth) + "\n";
        var ex = Assert.Throws<AggregateException>(() => ParseWithin(yaml, Deepest));
        var error = Assert.IsType<ConfigurationLoadException>(ex.InnerException).Errors.Single();
        Assert.Equal("test.yaml:1:1003: a" + string.Concat(Enumerable.Repeat("[0]", 999)) + ": nesting is deeper than the limit of 1000 levels", error.ToString());
    }

    [Fact]
    public void Nested_block_sequences_near_the_ceiling_parse()
    {
        const int depth = ParserLimits.DepthCeiling - 10;
        var yaml = "a:\n" + new StringBuilder().Insert(0, "- ", depth).Append("x\n");
        Assert.Equal(depth + 2, DepthOf(ParseWithin(yaml, Deepest)));
    }

    [Fact]
    public void A_block_mapping_near_the_ceiling_parses()
    {
        const int depth = ParserLimits.DepthCeiling - 10;
        var sb = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            sb.Append(' ', i).Append("k:\n");
        }

        sb.Append(' ', depth).Append("k: 1\n");
        Assert.Equal(depth + 2, DepthOf(ParseWithin(sb.ToString(), Deepest)));
    }

    [Fact]
    public void An_alias_near_the_ceiling_under_a_secret_tag_is_marked_secret()
    {
        const int expected = ParserLimits.DepthCeiling - 10;
        var yaml = "a: &x\n" + new StringBuilder().Insert(0, "- ", expected).Append("1\n") + "b: !secret [*x]\n";
        var map = ParseWithin(yaml, Deepest with { MaxAliasExpansion = long.MaxValue });
        ConfigNode node = ((ConfigSequence)map[1].Value)[0];
        var depth = 0;
        while (node is ConfigSequence q)
        {
            Assert.True(q.IsSecret);
            node = q[0];
            depth++;
        }

        Assert.Equal(expected, depth);
        Assert.True(node.IsSecret);
        Assert.False(map[0].Value.IsSecret);
    }

    [Fact]
    public void Past_the_depth_limit_the_error_names_the_path_at_the_limit()
    {
        const int depth = 100_000;
        var yaml = "a: " + new string('[', depth) + new string(']', depth) + "\n";
        var ex = Assert.Throws<AggregateException>(() => ParseWithin(yaml, Deepest with { MaxDepth = 3 }));
        var error = Assert.IsType<ConfigurationLoadException>(ex.InnerException).Errors.Single();
        Assert.Equal("test.yaml:1:6: a[0][0]: nesting is deeper than the limit of 3 levels", error.ToString());
    }

    [Fact]
    public void Block_sequences_100000_deep_stop_at_the_ceiling()
    {
        const int depth = 100_000;
        var yaml = "a:\n" + new StringBuilder().Insert(0, "- ", depth).Append("x\n");
        var ex = Assert.Throws<AggregateException>(() => ParseWithin(yaml, Deepest));
        var error = Assert.IsType<ConfigurationLoadException>(ex.InnerException).Errors.Single();
        Assert.Equal("nesting is deeper than the limit of 1000 levels", error.Message);
    }

    [Fact]
    public void Aliases_cannot_stack_anchored_subtrees_past_the_depth_limit()
    {
        // Each anchor is 3 levels under its key; aliasing it one level down adds up to 7 levels in all.
        const string yaml = "a: &a {x: {y: 1}}\nb: &b {x: {y: *a}}\nc: {x: {y: *b}}\n";
        Assert.Equal(8, DepthOf(Parse.Yaml(yaml, limits: new ParserLimits { MaxDepth = 8 })[2].Value) + 1);

        var error = Assert.Throws<ConfigurationLoadException>(() => Parse.Yaml(yaml, limits: new ParserLimits { MaxDepth = 7 })).Errors.Single();

        Assert.Equal("test.yaml:3:12: c.x.y: nesting is deeper than the limit of 7 levels", error.ToString());
    }
}
