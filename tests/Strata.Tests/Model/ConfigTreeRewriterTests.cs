using Strata.Model;

namespace Strata.Tests.Model;

public sealed class ConfigTreeRewriterTests
{
    private const string Tree = "a:\n  x: 1\n  y: two\nb:\n  c: [1, two, {d: two}]\nkeep: {k: 3}\n";

    [Fact]
    public void A_tree_with_nothing_to_replace_comes_back_as_the_same_instance()
    {
        var tree = Parse.Yaml(Tree);

        Assert.Same(tree, ConfigTreeRewriter.Rewrite(tree, ConfigPath.Root, (_, _) => null));
    }

    [Fact]
    public void Only_the_maps_and_sequences_above_a_replacement_are_copied()
    {
        var tree = Parse.Yaml(Tree);

        var rewritten = (ConfigMap)ConfigTreeRewriter.Rewrite(tree, ConfigPath.Root, (node, _) =>
            node is ConfigScalar { ScalarKind: ScalarKind.String, StringValue: "two" } s ? ConfigScalar.String("2", s.Origin) : null);

        Assert.Same(At(tree, "keep"), At(rewritten, "keep"));
        Assert.NotSame(At(tree, "a"), At(rewritten, "a"));
        Assert.Same(At(At(tree, "a"), "x"), At(At(rewritten, "a"), "x"));
        Assert.Equal(["a", "b", "keep"], rewritten.Keys);
        Assert.Equal("2", ConfigTree.TryGet(rewritten, ConfigPath.Parse("b.c[2].d"), out var d) ? ((ConfigScalar)d).StringValue : null);
        Assert.Equal(1, ((ConfigScalar)((ConfigSequence)At(At(rewritten, "b"), "c"))[0]).IntValue);
    }

    [Fact]
    public void A_replaced_node_is_not_visited_further_and_each_position_names_its_path()
    {
        var tree = Parse.Yaml(Tree);
        var seen = new List<string>();

        var rewritten = (ConfigMap)ConfigTreeRewriter.Rewrite(At(tree, "b"), ConfigPath.Parse("b"), (node, at) =>
        {
            seen.Add(at.ToPath().Text);
            return node is ConfigSequence ? ConfigScalar.String("gone", node.Origin) : null;
        });

        Assert.Equal(["b", "b.c"], seen);
        Assert.Equal("gone", ((ConfigScalar)At(rewritten, "c")).StringValue);
    }

    [Fact]
    public void A_position_finds_keys_on_its_whole_path_and_knows_the_root()
    {
        var tree = Parse.Yaml(Tree);
        var found = new List<string>();

        ConfigTreeRewriter.Rewrite(At(tree, "a"), ConfigPath.Parse("a"), (_, at) =>
        {
            found.Add($"{at.ToPath().Text}:{at.AnyKey(k => k == "a")}:{at.IsRoot}");
            return null;
        });
        ConfigTreeRewriter.Rewrite(tree, ConfigPath.Root, (node, at) =>
        {
            if (ReferenceEquals(node, tree))
            {
                found.Add($"root:{at.IsRoot}");
            }

            return null;
        });

        Assert.Equal(["a:True:False", "a.x:True:False", "a.y:True:False", "root:True"], found);
    }

    private static ConfigNode At(ConfigNode map, string key) =>
        ((ConfigMap)map).TryGetValue(key, out var child) ? child : throw new KeyNotFoundException(key);
}
