using CsCheck;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Tests.Snapshots;

public class PathIndexTests
{
    private static readonly ConfigNode[] Nodes = [.. Enumerable.Range(0, 8).Select(i => (ConfigNode)ConfigScalar.Int(i, new Origin("index.yaml", i + 1, 1, LayerKind.Global)))];

    // One step of a version chain: set a path to a node, or remove it.
    private static readonly Gen<(string Path, int Node, bool Remove)> Edit =
        Gen.Select(Gen.String[Gen.Char['a', 'e'], 0, 24], Gen.Int[0, Nodes.Length - 1], Gen.Int[0, 3].Select(i => i == 0));

    [Fact]
    public void Every_version_of_a_chain_reads_as_its_own_dictionary_and_earlier_versions_never_change()
    {
        Gen.Select(Edit.Array[0, 300], Edit.Array[1, 40].Array[1, 8]).Sample((initial, rounds) =>
        {
            var model = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
            var builder = new PathIndexBuilder(initial.Length);
            foreach (var (path, node, _) in initial)
            {
                builder.Set(path, Nodes[node]);
                model[path] = Nodes[node];
            }

            var versions = new List<(PathIndex Index, Dictionary<string, ConfigNode> Model)> { (builder.ToIndex(), new(model)) };
            foreach (var round in rounds)
            {
                var next = new PathIndexBuilder(versions[^1].Index);
                foreach (var (path, node, remove) in round)
                {
                    if (remove)
                    {
                        next.Remove(path);
                        model.Remove(path);
                    }
                    else
                    {
                        next.Set(path, Nodes[node]);
                        model[path] = Nodes[node];
                    }
                }

                versions.Add((next.ToIndex(), new(model)));
            }

            var probes = versions.SelectMany(v => v.Model.Keys).Concat(initial.Select(e => e.Path)).Append("absent.path").Distinct().ToList();
            foreach (var (index, expected) in versions)
            {
                Assert.Equal(expected.Count, index.Count);
                foreach (var probe in probes)
                {
                    Assert.Equal(expected.TryGetValue(probe, out var want), index.TryGetValue(probe, out var got));
                    Assert.Same(want, got);
                }
            }
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("abcdefg")]
    [InlineData("abcdefgh")]
    [InlineData("abcdefghi")]
    [InlineData("redis.port")]
    [InlineData("agents.planner.llm.temperature")]
    [InlineData("a.`b.c`[12].d")]
    public void Paths_of_every_length_are_found_and_their_neighbours_are_not(string path)
    {
        var builder = new PathIndexBuilder(1);
        builder.Set(path, Nodes[1]);
        var index = builder.ToIndex();

        Assert.True(index.TryGetValue(path, out var node));
        Assert.Same(Nodes[1], node);
        Assert.False(index.TryGetValue(path + "x", out _));
        Assert.False(index.TryGetValue("x" + path, out _));
        if (path.Length > 0)
        {
            Assert.False(index.TryGetValue(path[..^1], out _));
            Assert.False(index.TryGetValue(path[..^1] + "?", out _));
        }
    }

    [Fact]
    public void Paths_that_differ_in_one_character_anywhere_spread_over_the_pages()
    {
        // 11,000 paths shaped like a large configuration's: sections of ten keys, names differing in a few digits.
        var paths = Enumerable.Range(0, 1_100).SelectMany(s => Enumerable.Range(0, 10).Select(k => $"services.s{s:D5}.k{k}")).ToList();
        var builder = new PathIndexBuilder(paths.Count);
        foreach (var path in paths)
        {
            builder.Set(path, Nodes[0]);
        }

        var index = builder.ToIndex();
        var perPage = index.Pages.Select(p => p.Count).ToList();

        Assert.Equal(paths.Count, perPage.Sum());
        Assert.True(perPage.Max() <= 3 * paths.Count / perPage.Count, $"the fullest page holds {perPage.Max()} of {paths.Count} paths on {perPage.Count} pages");
        Assert.All(paths, p => Assert.True(index.TryGetValue(p, out _)));
    }

    [Fact]
    public void A_new_version_copies_only_the_pages_it_writes()
    {
        var builder = new PathIndexBuilder(5_000);
        for (var i = 0; i < 5_000; i++)
        {
            builder.Set($"k{i}", Nodes[0]);
        }

        var first = builder.ToIndex();
        var next = new PathIndexBuilder(first);
        next.Set("k17", Nodes[1]);
        next.Remove("k4000");
        next.Set("new.path", Nodes[2]);
        var second = next.ToIndex();

        var copied = first.Pages.Zip(second.Pages).Count(pair => !ReferenceEquals(pair.First, pair.Second));
        Assert.InRange(copied, 1, 3);
        Assert.Equal(5_000, second.Count);
        Assert.True(first.TryGetValue("k4000", out _));
        Assert.False(second.TryGetValue("k4000", out _));
        Assert.Same(Nodes[1], second.TryGetValue("k17", out var changed) ? changed : null);
        Assert.Same(Nodes[0], first.TryGetValue("k17", out var kept) ? kept : null);
    }

    [Fact]
    public void A_version_that_grew_far_past_its_pages_is_indexed_again_from_its_tree()
    {
        var small = Parse.Json("{\"a\": 1}");
        var large = Parse.Json("{" + string.Join(",", Enumerable.Range(0, 2_000).Select(i => $"\"k{i}\": {i}")) + "}");
        var grown = new PathIndexBuilder(SnapshotIndex.Build(small));
        for (var i = 0; i < 2_000; i++)
        {
            grown.Set($"k{i}", Nodes[0]);
        }

        var rebased = SnapshotIndex.Rebase(SnapshotIndex.Build(small), small, large);

        Assert.False(grown.ToIndex().Balanced);
        Assert.True(rebased.Balanced);
        Assert.Equal(PathIndex.PageCountFor(2_000), rebased.Pages.Length);
        Assert.Equal(2_000, rebased.Count);
        Assert.True(rebased.TryGetValue("k1999", out _));
        Assert.False(rebased.TryGetValue("a", out _));
    }
}
