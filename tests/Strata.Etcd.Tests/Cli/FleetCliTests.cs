using System.Text.Json;
using Strata.Cli;
using Strata.Etcd.Instances;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Tests.Instances;
using Strata.Hierarchy;

namespace Strata.Etcd.Tests.Cli;

/// <summary><c>strata fleet status</c> and <c>strata watch --etcd --instance --health-cmd</c>, in process against a real etcd.</summary>
public sealed class FleetCliTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-fleet-cli/" + Guid.NewGuid().ToString("N")[..8];

    private static CliContext Context(StringWriter stdout, StringWriter stderr) =>
        new(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), new StringReader(string.Empty), new Dictionary<string, string> { ["USER"] = "tester" }, Color: false);

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await StrataCli.RunAsync(args, Context(stdout, stderr));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private EtcdOptions NodeOptions(string prefix, string id)
    {
        var options = etcd.Options(prefix);
        options.InstanceId = id;
        return options;
    }

    [Fact]
    public async Task Fleet_status_lists_every_live_instance_with_totals_in_text_and_json()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var inEurope = FleetNode.ManagerOptions();
        inEurope.EnvironmentVariables = new Dictionary<string, string> { ["REGION"] = "eu" };
        await using var alpha = await FleetNode.StartAsync(NodeOptions(prefix, "alpha"), managerOptions: inEurope);
        await using var beta = await FleetNode.StartAsync(NodeOptions(prefix, "beta"));
        await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 2 && s.Instances.All(i => i.Release == 1), "two instances on release 1");

        // Release 2 needs REGION: alpha has it, beta does not and keeps release 1.
        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 2);
        dir.Write("agents/worker.yaml", "agent_marker: 2\nregion: ${REGION}\n");
        using var withRegion = new Strata.Etcd.Publishing.EtcdPublisher(etcd.Options(prefix))
        {
            ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = new Dictionary<string, string> { ["REGION"] = "eu" } },
        };
        await withRegion.PublishAsync(dir.Path, "test", "needs REGION");
        await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Any(i => i.Id == "alpha" && i.Release == 2) && s.Instances.Any(i => i.Id == "beta" && i.State == EtcdInstanceState.Rejected), "alpha on 2, beta rejected");

        var text = await Run("fleet", "status", "--etcd", etcd.Endpoints, "--prefix", prefix);
        Assert.Equal((0, string.Empty), (text.Exit, text.Error));
        var lines = text.Out.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Matches($"^{prefix}: release 2 \\(published .* by test\\)$", lines[0]);
        Assert.Matches("^rollout: release 2 rolled out \\(completed [0-9-]+ [0-9:]+Z\\)$", lines[1]);
        Assert.Matches("^INSTANCE +RELEASE +VERSION +STATE +WAVE +UPDATED +ERRORS$", lines[2]);
        Assert.Matches("^alpha +2 +2 +applied +- +[0-9-]+ [0-9:]+Z$", lines[3]);
        Assert.Matches("^beta +1 +1 +rejected +- +[0-9-]+ [0-9:]+Z +etcd:.*agents/worker.yaml@[0-9]+:2:[0-9]+: region: environment variable 'REGION' is not set", lines[4]);
        Assert.Equal("2 instance(s); release 2: 1, release 1: 1; applied: 1, rejected: 1", lines[^1]);

        var json = await Run("fleet", "status", "--etcd", etcd.Endpoints, "--prefix", prefix, "--format", "json");
        Assert.Equal(0, json.Exit);
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        Assert.Equal(["release", "rollout", "instances"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, root.GetProperty("release").GetInt64());
        var rollout = root.GetProperty("rollout");
        Assert.Equal((2L, 1L, "completed", 1), (rollout.GetProperty("release").GetInt64(), rollout.GetProperty("previousRelease").GetInt64(), rollout.GetProperty("state").GetString(), rollout.GetProperty("waves").GetArrayLength()));
        var instances = root.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(["alpha", "beta"], instances.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["id", "host", "pid", "environment", "agent", "release", "version", "contentHash", "state", "errors", "wave", "updated"], instances[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("applied", 2L), (instances[0].GetProperty("state").GetString(), instances[0].GetProperty("release").GetInt64()));
        var rejected = instances[1];
        Assert.Equal(1, rejected.GetProperty("release").GetInt64());
        Assert.Equal("rejected", rejected.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("wave").ValueKind);
        var error = Assert.Single(rejected.GetProperty("errors").EnumerateArray());
        Assert.Equal(["file", "line", "column", "path", "message"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal("region", error.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Watch_with_a_failing_health_command_rolls_back_and_reports_the_instance_unhealthy()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        using var scratch = new TempDir();
        var seen = Path.Combine(scratch.Path, "seen");
        var command = $"cat > '{seen}-'\"$STRATA_RELEASE\"-\"$STRATA_VERSION\"; test \"$STRATA_RELEASE\" != 2";
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var watch = StrataCli.RunAsync(
            ["watch", "--etcd", etcd.Endpoints, "--prefix", prefix, "--env", "production", "--agent", "worker", "--instance", "cli-node", "--health-cmd", command, "--format", "jsonl"],
            Context(stdout, stderr),
            stop.Token);
        try
        {
            await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "cli-node", r => r.Release == 1, "on release 1");

            using var dir = new TempDir();
            ReleaseConfig.Write(dir, 2);
            dir.Write("agents/worker.yaml", "agent_marker: 2\ndb_password: hunter2\n");
            await publisher.Publisher.PublishAsync(dir.Path, "test", "breaks the service");

            var unhealthy = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "cli-node", r => r.State == EtcdInstanceState.Unhealthy, "unhealthy");
            Assert.Equal(1, unhealthy.Release);
            Assert.Contains("release 2 failed its health check", unhealthy.Errors[0].Message, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await watch);
        var checkedConfig = await File.ReadAllTextAsync(seen + "-2-2");
        Assert.Contains("\"agent_marker\":2", checkedConfig, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", checkedConfig, StringComparison.Ordinal);
        Assert.Contains("\"db_password\":\"***\"", checkedConfig, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"config_rolled_back\"", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("health check of version 2 failed: exit code 1", stderr.ToString(), StringComparison.Ordinal);

        // The rollback (version 3, the content of release 1) is checked as release 1, and passes.
        Assert.Contains("\"agent_marker\":1", await File.ReadAllTextAsync(seen + "-1-3"), StringComparison.Ordinal);
        Assert.DoesNotContain("health check of version 3 failed", stderr.ToString(), StringComparison.Ordinal);
        await FleetStatusProbe.WaitForAbsenceAsync(etcd.Options(prefix), "cli-node");
    }

    [Fact]
    public async Task Watch_refuses_an_instance_id_without_etcd_and_an_unusable_one_with_it()
    {
        var alone = await Run("watch", TempDir.SampleConfig, "--instance", "x");
        Assert.Equal(2, alone.Exit);
        Assert.Contains("--instance needs --etcd", alone.Error, StringComparison.Ordinal);

        var bad = await Run("watch", "--etcd", etcd.Endpoints, "--prefix", NewPrefix(), "--instance", "a/b");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("'a/b' is not a usable instance id", bad.Error, StringComparison.Ordinal);
    }
}
