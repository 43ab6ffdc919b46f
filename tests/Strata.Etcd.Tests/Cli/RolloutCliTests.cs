using System.Text.Json;
using Strata.Cli;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Tests.Instances;
using Strata.Reload;

namespace Strata.Etcd.Tests.Cli;

/// <summary><c>strata publish</c> with waves and <c>strata rollout …</c>, in process against a real etcd: output, JSON and exit codes.</summary>
public sealed class RolloutCliTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-rollout-cli/" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), new StringReader(string.Empty), new Dictionary<string, string> { ["USER"] = "tester" }, Color: false);
        var exit = await StrataCli.RunAsync(args, context);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string[] Etcd(string prefix) => ["--etcd", etcd.Endpoints, "--prefix", prefix];

    private async Task<TempDir> PublishFirstAsync(string prefix)
    {
        var dir = new TempDir();
        ReleaseConfig.Write(dir, 1);
        Assert.Equal(0, (await Run(["publish", dir.Path, .. Etcd(prefix)])).Exit);
        ReleaseConfig.Write(dir, 2);
        return dir;
    }

    [Fact]
    public async Task A_staged_publish_without_wait_records_the_waves_and_the_rollout_verbs_read_pause_and_finish_it()
    {
        var prefix = NewPrefix();
        using var dir = await PublishFirstAsync(prefix);

        var published = await Run(["publish", dir.Path, .. Etcd(prefix), "--canary", "1", "--waves", "100%", "--bake", "0s"]);
        Assert.Equal((0, string.Empty), (published.Exit, published.Error));
        Assert.Contains($"published release 2 to {prefix}", published.Out, StringComparison.Ordinal);
        Assert.Contains("rollout: release 2 progressing, wave 1 of 2 open since", published.Out, StringComparison.Ordinal);
        Assert.Contains("the rollout waits for a driver", published.Out, StringComparison.Ordinal);

        var refused = await Run(["publish", dir.Path, .. Etcd(prefix)]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("release 2 is rolling out", refused.Error, StringComparison.Ordinal);

        var status = await Run(["rollout", "status", .. Etcd(prefix), "--format", "json"]);
        Assert.Equal(0, status.Exit);
        using (var json = JsonDocument.Parse(status.Out))
        {
            var root = json.RootElement;
            Assert.Equal((2L, 1L, "progressing", 1), (root.GetProperty("release").GetInt64(), root.GetProperty("previousRelease").GetInt64(), root.GetProperty("state").GetString(), root.GetProperty("currentWave").GetInt32()));
            Assert.Equal(["1", "100%"], root.GetProperty("waves").EnumerateArray().Select(w => w.GetProperty("target").GetString()));
        }

        var paused = await Run(["rollout", "pause", .. Etcd(prefix), "--reason", "checking dashboards"]);
        Assert.Equal(0, paused.Exit);
        Assert.Contains("rollout: release 2 paused, wave 1 of 2", paused.Out, StringComparison.Ordinal);
        Assert.Contains("reason: checking dashboards", paused.Out, StringComparison.Ordinal);

        // No instances: every wave is done at once, and resume drives the rollout to its end.
        var resumed = await Run(["rollout", "resume", .. Etcd(prefix)]);
        Assert.Equal((0, string.Empty), (resumed.Exit, resumed.Error));
        Assert.Contains("rollout: release 2 rolled out (completed", resumed.Out, StringComparison.Ordinal);

        var text = await Run(["rollout", "status", .. Etcd(prefix)]);
        Assert.Equal(0, text.Exit);
        Assert.Matches("wave 1  1 +0 instance\\(s\\) at the start  done", text.Out);
        Assert.Matches("wave 2  100% +0 instance\\(s\\) at the start  done", text.Out);

        var nothingToPause = await Run(["rollout", "pause", .. Etcd(prefix)]);
        Assert.Equal(3, nothingToPause.Exit);
        Assert.Contains($"the rollout of release 2 under {prefix} is completed, not active", nothingToPause.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_wait_exits_4_when_the_canary_is_unhealthy_and_prints_why()
    {
        var prefix = NewPrefix();
        using var dir = await PublishFirstAsync(prefix);
        var options = etcd.Options(prefix);
        options.InstanceId = "canary";
        var reload = new ReloadOptions { HealthCheck = (snapshot, _) => ValueTask.FromResult(ReleaseConfig.ReleaseOf(snapshot) != 2) };
        await using var node = await FleetNode.StartAsync(options, reload);
        var other = etcd.Options(prefix);
        other.InstanceId = "other";
        await using var second = await FleetNode.StartAsync(other);
        await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 2, "two instances");

        var result = await Run(["publish", dir.Path, .. Etcd(prefix), "--canary", "50%", "--wait"]);
        Assert.Equal(4, result.Exit);
        Assert.Contains("rollout: release 2 aborted", result.Out, StringComparison.Ordinal);
        Assert.Contains("release 3 restored the content of release 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("reason: 1 instance(s) of the open waves rejected or unhealthy, more than the 0 allowed", result.Out, StringComparison.Ordinal);

        var fleet = await Run(["fleet", "status", .. Etcd(prefix), "--format", "json"]);
        using var json = JsonDocument.Parse(fleet.Out);
        var rollout = json.RootElement.GetProperty("rollout");
        Assert.Equal(("aborted", 3L), (rollout.GetProperty("state").GetString(), rollout.GetProperty("rollbackRelease").GetInt64()));
        var failure = Assert.Single(rollout.GetProperty("failures").EnumerateArray().ToList());
        Assert.Equal("unhealthy", failure.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("--canary", "abc", "is not a wave size")]
    [InlineData("--waves", "50%,10%", "cannot go down")]
    [InlineData("--bake", "soon", "is not a non-negative duration")]
    [InlineData("--max-unhealthy", "-1", "cannot be negative")]
    [InlineData("--bake", "30s", "give --canary, --waves or --wait with them")]
    public async Task Bad_staging_arguments_are_usage_errors(string option, string value, string expected)
    {
        var prefix = NewPrefix();
        using var dir = await PublishFirstAsync(prefix);
        var result = await Run(["publish", dir.Path, .. Etcd(prefix), option, value]);
        Assert.Equal(2, result.Exit);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_verbs_exit_3_when_there_is_no_rollout_and_the_first_release_cannot_be_staged()
    {
        var prefix = NewPrefix();
        foreach (var verb in new[] { "status", "pause", "resume", "abort" })
        {
            var result = await Run(["rollout", verb, .. Etcd(prefix)]);
            Assert.Equal(3, result.Exit);
            Assert.Contains($"there is no rollout under {prefix}", result.Error, StringComparison.Ordinal);
        }

        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 1);
        var first = await Run(["publish", dir.Path, .. Etcd(prefix), "--canary", "1"]);
        Assert.Equal(1, first.Exit);
        Assert.Contains("publish the first release without --canary, --waves or --wait", first.Error, StringComparison.Ordinal);
    }
}
