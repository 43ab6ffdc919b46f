using CsCheck;
using Strata.Model;
using Strata.Snapshots;
using Strata.Tests.Hierarchy;

namespace Strata.Tests.Snapshots;

public class IndexRebaseTests
{
    private static readonly Origin Here = new("edit.yaml", 2, 1, LayerKind.Environment);

    [Fact]
    public void An_index_rebased_on_any_earlier_tree_equals_one_built_from_scratch()
    {
        Gen.Select(Generators.Tree, Generators.Tree).Sample((before, after) => AssertRebasedIndexIsExact(before, after));
    }

    [Fact]
    public void An_index_rebased_after_persistent_edits_equals_one_built_from_scratch()
    {
        var edit = Gen.Select(Gen.String[Gen.Char['a', 'd'], 1, 1].Array[1, 3], Gen.Frequency((3, Generators.Scalar), (1, Generators.Tree.Select(t => (ConfigNode)t))));
        Gen.Select(Generators.Tree, edit.Array[1, 4]).Sample((before, edits) =>
        {
            var after = before;
            foreach (var (keys, value) in edits)
            {
                var path = ConfigPath.Root;
                foreach (var key in keys)
                {
                    path = path.Append(key);
                }

                try
                {
                    after = ConfigTree.Set(after, path, value, Here);
                }
                catch (InvalidOperationException)
                {
                    // A path through a list or scalar cannot be set; the edit is skipped.
                }
            }

            AssertRebasedIndexIsExact(before, after);
        });
    }

    [Fact]
    public void Removed_and_retyped_subtrees_leave_no_stale_paths()
    {
        var before = Parse.Json("{\"a\": {\"b\": {\"c\": 1}, \"l\": [1, {\"x\": 2}]}, \"z\": 1}");
        var after = Parse.Json("{\"a\": {\"b\": 5, \"l\": [1]}}");
        var first = new ConfigSnapshot(before, 1, DateTimeOffset.UnixEpoch, [], "development");

        var second = new ConfigSnapshot(after, 2, DateTimeOffset.UnixEpoch, [], "development", null, null, basis: first);

        Assert.False(second.Contains("a.b.c"));
        Assert.False(second.Contains("a.l[1].x"));
        Assert.False(second.Contains("z"));
        Assert.Equal(5, second.Get<int>("a.b"));
        Assert.Equal(4, second.IndexCount); // a, a.b, a.l, a.l[0]
    }

    private static void AssertRebasedIndexIsExact(ConfigMap before, ConfigMap after)
    {
        var basis = new ConfigSnapshot(before, 1, DateTimeOffset.UnixEpoch, [], "development");
        var rebased = new ConfigSnapshot(after, 2, DateTimeOffset.UnixEpoch, [], "development", null, null, basis);
        var fresh = new ConfigSnapshot(after, 2, DateTimeOffset.UnixEpoch, [], "development");

        Assert.Equal(fresh.IndexCount, rebased.IndexCount);
        foreach (var path in Paths(after, ConfigPath.Root))
        {
            Assert.True(rebased.TryGetNode(path, out var node), path);
            Assert.True(fresh.TryGetNode(path, out var expected), path);
            Assert.Same(expected, node);
        }
    }

    private static IEnumerable<string> Paths(ConfigNode node, ConfigPath path)
    {
        if (!path.IsRoot)
        {
            yield return path.Text;
        }

        var children = node switch
        {
            ConfigMap map => map.Select(e => (Child: e.Value, Path: path.Append(e.Key))),
            ConfigSequence seq => seq.Select((item, i) => (Child: item, Path: path.Append(i))),
            _ => [],
        };
        foreach (var (child, childPath) in children)
        {
            foreach (var p in Paths(child, childPath))
            {
                yield return p;
            }
        }
    }
}
