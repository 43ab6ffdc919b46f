using Strata.Hierarchy;
using Strata.Model;
using Strata.Secrets;
using Strata.Serialization;

namespace Strata.Tests.Secrets;

public class SecretMergeTests
{
    [Fact]
    public void Values_merged_into_a_secret_section_stay_secret_in_every_layer()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "service:\n  credentials: !secret\n    user: base-user\n    pin: 1234\n");
        dir.Write("environments/production.yaml", "service:\n  credentials:\n    user: prod-user\n");
        var options = new EnvironmentConfigOptions { Environment = "production", EnvironmentVariables = new Dictionary<string, string>() };
        options.Overrides.Add("service.credentials.pin=9999");
        var snapshot = new EnvironmentConfigManager(dir.Path, options).Load();

        Assert.True(snapshot.TryGetNode("service.credentials.user", out var user) && user.IsSecret);
        Assert.True(snapshot.TryGetNode("service.credentials.pin", out var pin) && pin.IsSecret);
        var json = ConfigJsonWriter.ToJson(snapshot.Root, SecretRedactor.Default);
        var yaml = ConfigYamlWriter.ToYaml(snapshot.Root, SecretRedactor.Default);
        foreach (var clear in new[] { "prod-user", "9999", "base-user", "1234" })
        {
            Assert.DoesNotContain(clear, json, StringComparison.Ordinal);
            Assert.DoesNotContain(clear, yaml, StringComparison.Ordinal);
        }

        Assert.Equal("prod-user", snapshot.Get<string>("service.credentials.user"));
    }

    [Fact]
    public void Merging_keeps_the_section_secret_either_way_round()
    {
        var secretBelow = Parse.Yaml("s: !secret\n  a: 1\n");
        var plainAbove = Parse.Yaml("s:\n  b: 2\n");
        Assert.True(((ConfigMap)ConfigMerger.Merge(secretBelow, plainAbove)[0].Value)[1].Value.IsSecret);
        Assert.True(((ConfigMap)ConfigMerger.MergeAll([secretBelow, plainAbove], Origin.Runtime)[0].Value)[1].Value.IsSecret);
        var plainBelow = Parse.Yaml("s:\n  a: 1\n");
        var secretAbove = Parse.Yaml("s: !secret\n  b: 2\n");
        Assert.True(((ConfigMap)ConfigMerger.Merge(plainBelow, secretAbove)[0].Value)[0].Value.IsSecret);
        Assert.True(((ConfigMap)ConfigMerger.MergeAll([plainBelow, secretAbove], Origin.Runtime)[0].Value)[0].Value.IsSecret);
    }
}
