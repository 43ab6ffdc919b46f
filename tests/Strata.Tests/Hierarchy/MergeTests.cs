using CsCheck;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Tests.Hierarchy;

public class MergeTests
{
    [Fact]
    public void Maps_merge_deeply_scalars_and_sequences_replace_and_null_is_a_value()
    {
        var lower = Parse.Yaml("a:\n  x: 1\n  y: 2\nlist: [1, 2, 3]\nkeep: k\nnullable: 5\n", "base.yaml");
        var upper = Parse.Yaml("a:\n  y: 20\n  z: 30\nlist: [9]\nnullable: null\n", "env.yaml", LayerKind.Environment);
        var merged = ConfigMerger.Merge(lower, upper);
        Assert.Equal("""{"a":{"x":1,"y":20,"z":30},"list":[9],"keep":"k","nullable":null}""", Strata.Serialization.ConfigJsonWriter.ToJson(merged));
        Assert.True(ConfigTree.TryGet(merged, ConfigPath.Parse("a.y"), out var y));
        Assert.Equal("env.yaml", y.Origin.Source);
        Assert.True(ConfigTree.TryGet(merged, ConfigPath.Parse("a.x"), out var x));
        Assert.Equal("base.yaml", x.Origin.Source);
    }

    [Fact]
    public void Delete_tag_removes_an_inherited_key()
    {
        var lower = Parse.Yaml("a:\n  x: 1\n  y: 2\nb: 3\n");
        var upper = Parse.Yaml("a:\n  x: !delete\nb: !delete\nc: !delete\n");
        var merged = ConfigMerger.Merge(lower, upper);
        Assert.Equal("""{"a":{"y":2}}""", Strata.Serialization.ConfigJsonWriter.ToJson(merged));
    }

    [Fact]
    public void Unchanged_subtrees_are_shared_not_copied()
    {
        var lower = Parse.Yaml("big:\n  a: 1\n  b: 2\nsmall: 1\n");
        var upper = Parse.Yaml("small: 2\n");
        var merged = ConfigMerger.Merge(lower, upper);
        Assert.Same(lower[0].Value, merged[0].Value);
    }

    [Fact]
    public void Merge_is_idempotent_has_an_identity_and_the_top_layer_wins_for_every_leaf()
    {
        var empty = ConfigMap.Empty(Origin.Runtime);
        Generators.Tree.Select(Generators.Tree, Generators.Tree).Sample((a, b, c) =>
        {
            Assert.True(ConfigMerger.Merge(a, a).ValueEquals(a));
            Assert.Same(a, ConfigMerger.Merge(a, empty));
            Assert.True(ConfigMerger.Merge(empty, a).ValueEquals(a));
            var left = ConfigMerger.Merge(ConfigMerger.Merge(a, b), c);
            foreach (var (path, node) in ConfigTree.Leaves(c).Where(l => l.Value is not ConfigMap))
            {
                Assert.True(ConfigTree.TryGet(left, path, out var merged));
                Assert.True(node.ValueEquals(merged));
            }
        }, iter: 300);
    }

    [Fact]
    public void Diff_of_a_merge_against_itself_is_empty_and_diff_applies()
    {
        Generators.Tree.Select(Generators.Tree).Sample((a, b) =>
        {
            Assert.Empty(ConfigDiff.Compute(a, a));
            var changes = ConfigDiff.Compute(a, b);
            Assert.Equal(a.ValueEquals(b), changes.Count == 0);
            foreach (var change in changes)
            {
                if (change.Kind != ChangeKind.Added)
                {
                    Assert.True(ConfigTree.TryGet(a, change.Path, out var old) && old.ValueEquals(change.OldValue));
                }

                if (change.Kind != ChangeKind.Removed)
                {
                    Assert.True(ConfigTree.TryGet(b, change.Path, out var now) && now.ValueEquals(change.NewValue));
                }
            }
        }, iter: 300);
    }
}

internal static class Generators
{
    private static readonly Origin Here = new("gen.yaml", 1, 1, LayerKind.Global);

    public static readonly Gen<ConfigNode> Scalar = Gen.OneOf(
        Gen.Int[-3, 3].Select(i => (ConfigNode)ConfigScalar.Int(i, Here)),
        Gen.Bool.Select(b => (ConfigNode)ConfigScalar.Bool(b, Here)),
        Gen.String[Gen.Char['a', 'c'], 0, 2].Select(s => (ConfigNode)ConfigScalar.String(s, Here)),
        Gen.Const((ConfigNode)ConfigScalar.Null(Here)));

    public static readonly Gen<ConfigMap> Tree = MapOf(2);

    private static Gen<ConfigMap> MapOf(int depth)
    {
        var key = Gen.String[Gen.Char['a', 'd'], 1, 1];
        var value = depth == 0
            ? Scalar
            : Gen.Frequency((3, Scalar), (1, MapOf(depth - 1).Select(m => (ConfigNode)m)), (1, Scalar.List[0, 2].Select(l => (ConfigNode)new ConfigSequence(l, Here))));
        return Gen.Select(key, value).List[0, 4].Select(entries => new ConfigMap(entries.Select(e => new KeyValuePair<string, ConfigNode>(e.Item1, e.Item2)), Here));
    }
}
