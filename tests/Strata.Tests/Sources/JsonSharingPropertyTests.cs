using System.Text;
using CsCheck;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Serialization;
using Strata.Sources;
using Strata.Tests.Hierarchy;

namespace Strata.Tests.Sources;

/// <summary>
/// A JSON parse given the previous version's tree hands back that tree's nodes as it goes. It must give exactly what a
/// plain parse followed by <see cref="StructuralSharing"/> gives: the same values, origins and flags everywhere, and the
/// same previous nodes in the same places.
/// </summary>
public sealed class JsonSharingPropertyTests
{
    private static readonly Origin Here = new("gen.yaml", 1, 1, LayerKind.Global);

    private static readonly Gen<ConfigNode> Float = Gen.Double[-4, 4].Select(d => (ConfigNode)ConfigScalar.Float(Math.Round(d, 2), Here));

    private static readonly Gen<ConfigMap> Edit = Gen.Frequency(
        (3, Generators.Tree),
        (1, Gen.Select(Gen.String[Gen.Char['a', 'd'], 1, 1], Float).Select(e => new ConfigMap([new(e.Item1, e.Item2)], Here))));

    [Fact]
    public void Parsing_with_the_previous_tree_equals_parsing_then_sharing()
    {
        Gen.Select(Generators.Tree, Edit, Gen.Bool, Gen.Bool).Sample((before, edit, indented, replace) =>
        {
            var after = replace ? edit : ConfigMerger.Merge(before, edit);
            var previous = Parse(before, indented);
            var next = Bytes(after, indented);

            var shared = JsonConfigParser.Parse(next, "base.json", LayerKind.Global, previous: previous);
            var classic = StructuralSharing.Reuse(previous, JsonConfigParser.Parse(next, "base.json", LayerKind.Global));

            var known = new HashSet<ConfigNode>(ReferenceEqualityComparer.Instance);
            Collect(previous, known);
            AssertSame(classic, shared, known);
        });
    }

    [Fact]
    public void An_unchanged_file_parses_to_the_previous_tree_itself()
    {
        var text = "{\n  \"a\": {\"b\": [1, 2.5, \"x\", null, true]},\n  \"c\": \"\\u00e9t\\u00e9\"\n}\n";
        var previous = JsonConfigParser.Parse(Encoding.UTF8.GetBytes(text), "base.json", LayerKind.Global);

        Assert.Same(previous, JsonConfigParser.Parse(Encoding.UTF8.GetBytes(text), "base.json", LayerKind.Global, previous: previous));
        Assert.NotSame(previous, JsonConfigParser.Parse(Encoding.UTF8.GetBytes(text), "other.json", LayerKind.Global, previous: previous));
    }

    [Fact]
    public void A_value_that_moved_to_another_line_is_a_new_node_with_its_new_origin()
    {
        var previous = JsonConfigParser.Parse(Encoding.UTF8.GetBytes("{\n\"a\": 1,\n\"b\": 2\n}"), "base.json", LayerKind.Global);

        var next = JsonConfigParser.Parse(Encoding.UTF8.GetBytes("{\n\"z\": 0,\n\"a\": 1,\n\"b\": 2\n}"), "base.json", LayerKind.Global, previous: previous);

        Assert.True(next.TryGetValue("b", out var b));
        Assert.Equal(4, b.Origin.Line);
        Assert.True(previous.TryGetValue("b", out var old));
        Assert.NotSame(old, b);
    }

    [Theory]
    [InlineData("{\n\"a\": 1,\n\"a\": 2\n}", 3)]
    [InlineData("{\n\"a\": 1,\n\"b\": 2,\n\"a\": 3\n}", 4)]
    public void A_duplicate_key_is_an_error_even_when_the_keys_before_it_match_the_previous_version(string text, int line)
    {
        var previous = JsonConfigParser.Parse(Encoding.UTF8.GetBytes("{\n\"a\": 1,\n\"b\": 2\n}"), "base.json", LayerKind.Global);

        var error = Assert.Throws<ConfigurationLoadException>(() => JsonConfigParser.Parse(Encoding.UTF8.GetBytes(text), "base.json", LayerKind.Global, previous: previous));

        var only = Assert.Single(error.Errors);
        Assert.Equal(line, only.Line);
        Assert.Contains("duplicate key 'a' (first defined at line 2)", only.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes(ConfigMap tree, bool indented) => Encoding.UTF8.GetBytes(ConfigJsonWriter.ToJson(tree, indented: indented));

    private static ConfigMap Parse(ConfigMap tree, bool indented) => JsonConfigParser.Parse(Bytes(tree, indented), "base.json", LayerKind.Global);

    private static void Collect(ConfigNode node, HashSet<ConfigNode> into)
    {
        into.Add(node);
        foreach (var child in Children(node))
        {
            Collect(child, into);
        }
    }

    private static IEnumerable<ConfigNode> Children(ConfigNode node) => node switch
    {
        ConfigMap map => map.Select(e => e.Value),
        ConfigSequence seq => seq,
        _ => [],
    };

    private static void AssertSame(ConfigNode expected, ConfigNode actual, HashSet<ConfigNode> previous)
    {
        Assert.True(expected.ValueEquals(actual));
        Assert.Equal(expected.Origin, actual.Origin);
        Assert.Equal(expected.IsSecret, actual.IsSecret);
        Assert.Equal(previous.Contains(expected), previous.Contains(actual));
        if (previous.Contains(expected))
        {
            Assert.Same(expected, actual);
            return;
        }

        if (expected is ConfigScalar e && actual is ConfigScalar a)
        {
            Assert.Equal(e.IsQuoted, a.IsQuoted);
            Assert.Equal(e.ScalarKind, a.ScalarKind);
        }

        if (expected is ConfigMap em && actual is ConfigMap am)
        {
            Assert.Equal(em.Keys, am.Keys);
        }

        foreach (var (x, y) in Children(expected).Zip(Children(actual)))
        {
            AssertSame(x, y, previous);
        }
    }
}
