using Strata.Hierarchy;
using Strata.Snapshots;

namespace Strata.Tests.Hierarchy;

/// <summary>
/// A layer tagged <c>!secret</c> as a whole makes every value merged with it secret. When the tag is removed and the
/// layer's keys stay the same, the next run must merge without it: no value is secret any more.
/// </summary>
public sealed class IncrementalMergeSecrecyTests : IDisposable
{
    private readonly TempConfigDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("!secret\nb: 2\n", "b: 2\n")]
    [InlineData("!secret {}\n", "{}\n")]
    public void Removing_a_whole_layer_secret_tag_makes_its_values_clear_again(string tagged, string untagged)
    {
        _dir.Write("base.yaml", "a: 1\ndb:\n  host: x\n");
        _dir.Write("environments/staging.yaml", tagged);
        var manager = new EnvironmentConfigManager(_dir.Path, new EnvironmentConfigOptions
        {
            Environment = "staging",
            EnvironmentVariables = new Dictionary<string, string> { ["STRATA__DB__TIMEOUT"] = "30" },
        });
        var pipeline = new ConfigurationPipeline(manager);
        var first = pipeline.Run(1).Snapshot!;
        Assert.True(IsSecret(first, "a"));

        _dir.Write("environments/staging.yaml", untagged);
        var second = pipeline.Run(2, first).Snapshot!;

        Assert.False(second.Root.IsSecret);
        Assert.False(IsSecret(second, "a"));
        Assert.False(IsSecret(second, "db.host"));
        Assert.False(IsSecret(second, "db.timeout"));
    }

    private static bool IsSecret(ConfigSnapshot snapshot, string path) => snapshot.TryGetNode(path, out var node) && node.IsSecret;
}
