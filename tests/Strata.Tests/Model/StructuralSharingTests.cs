using Strata.Hierarchy;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Tests.Model;

public class StructuralSharingTests
{
    private const string Before = "{\n \"a\": { \"x\": 1, \"y\": \"two\" },\n \"b\": { \"z\": 3 },\n \"c\": [1, 2]\n}\n";

    [Fact]
    public void Unchanged_subtrees_of_a_reparsed_file_are_the_previous_nodes()
    {
        var previous = Parse.Json(Before);
        var next = Parse.Json(Before.Replace("\"z\": 3", "\"z\": 4", StringComparison.Ordinal));

        var shared = StructuralSharing.Reuse(previous, next);

        Assert.Same(Child(previous, "a"), shared[0].Value);
        Assert.Same(Child(previous, "c"), shared[2].Value);
        Assert.NotSame(Child(previous, "b"), shared[1].Value);
        Assert.Equal(4, ((ConfigScalar)((ConfigMap)shared[1].Value)[0].Value).IntValue);
        Assert.True(shared.ValueEquals(next));
    }

    [Fact]
    public void An_identical_reparse_returns_the_previous_tree()
    {
        var previous = Parse.Json(Before);
        Assert.Same(previous, StructuralSharing.Reuse(previous, Parse.Json(Before)));
    }

    [Fact]
    public void Nodes_whose_line_moved_are_not_reused_so_origins_stay_exact()
    {
        var previous = Parse.Json(Before);
        var next = Parse.Json("{\n \"new\": 0,\n" + Before[2..]);

        var shared = StructuralSharing.Reuse(previous, next);

        var a = (ConfigMap)shared[1].Value;
        Assert.NotSame(Child(previous, "a"), a);
        Assert.Equal(3, a.Origin.Line);
        Assert.Equal(3, a[0].Value.Origin.Line);
    }

    [Fact]
    public void A_value_that_changes_kind_or_sign_is_not_reused()
    {
        var previous = Parse.Json("{\"v\": 0.0, \"w\": 1}");
        var next = Parse.Json("{\"v\": -0.0, \"w\": \"1\"}");

        var shared = StructuralSharing.Reuse(previous, next);

        Assert.Same(next[0].Value, shared[0].Value);
        Assert.Equal(ScalarKind.String, ((ConfigScalar)shared[1].Value).ScalarKind);
    }

    [Fact]
    public void Successive_versions_from_the_pipeline_share_unchanged_sections()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.json", Before);
        var manager = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions { Environment = "development", EnvironmentVariables = new Dictionary<string, string>() });
        var pipeline = new ConfigurationPipeline(manager);
        var first = pipeline.Run(1).Snapshot!;
        dir.Write("base.json", Before.Replace("\"z\": 3", "\"z\": 4", StringComparison.Ordinal));

        var second = pipeline.Run(2).Snapshot!;

        Assert.True(first.TryGetNode("a", out var a1));
        Assert.True(second.TryGetNode("a", out var a2));
        Assert.Same(a1, a2);
        Assert.Equal(4, second.Get<int>("b.z"));
        var change = Assert.Single(ConfigDiff.Compute(first.Root, second.Root));
        Assert.Equal("b.z", change.Path.Text);
    }

    [Fact]
    public void Snapshot_keys_and_index_spell_paths_like_ConfigPath()
    {
        var snapshot = new ConfigSnapshot(Parse.Json("{\"a\": {\"b\": [ {\"c\": 1}, 2 ], \"e\": {}}, \"f\": null}"), 1, DateTimeOffset.UnixEpoch, [], "development");

        Assert.Equal(["a.b", "a.e", "f"], snapshot.Keys);
        Assert.Equal(1, snapshot.Get<int>("a.b[0].c"));
        Assert.Equal(2, snapshot.Get<int>("a.b[1]"));
        Assert.Equal(ContentHasher.Hash(snapshot.Root), snapshot.ContentHash);
    }

    private static ConfigNode Child(ConfigMap map, string key) => map.TryGetValue(key, out var child) ? child : throw new KeyNotFoundException(key);
}
