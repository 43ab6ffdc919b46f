using System.Text.Json;
using Strata.Etcd.Instances;
using Strata.Etcd.Publishing;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Tests.Instances;
using Strata.Hierarchy;
using Strata.Reload;

namespace Strata.Etcd.Tests.Rollouts;

/// <summary>Staged rollouts against a real etcd: waves in order, health gates, thresholds, racing drivers.</summary>
public sealed class RolloutTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string NewPrefix() => "/strata-rollout/" + Guid.NewGuid().ToString("N")[..8];

    private static EtcdRolloutOptions Staging(string? canary, params string[] waves)
    {
        var options = new EtcdRolloutOptions { Canary = canary };
        foreach (var wave in waves)
        {
            options.Waves.Add(wave);
        }

        return options;
    }

    private async Task<List<FleetNode>> StartFleetAsync(string prefix, int count, ReloadOptions? reload = null)
    {
        var nodes = new List<FleetNode>();
        for (var i = 1; i <= count; i++)
        {
            var options = etcd.Options(prefix);
            options.InstanceId = $"node-{i}";
            nodes.Add(await FleetNode.StartAsync(options, reload));
        }

        await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == count && s.Instances.All(i => i.Release == 1), $"{count} instances on release 1");
        return nodes;
    }

    private static async Task StopAsync(List<FleetNode> nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    private EtcdRolloutDriver Driver(string prefix) => new(etcd.Options(prefix)) { PollInterval = TimeSpan.FromMilliseconds(100), Name = "test-driver" };

    [Fact]
    public async Task A_canary_goes_first_then_each_wave_and_no_instance_runs_the_release_before_its_wave_opens()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var nodes = await StartFleetAsync(prefix, 5);
        try
        {
            var started = await publisher.StartRolloutAsync(2, Staging("1", "50%", "100%"));
            var rollout = started.Rollout!;
            Assert.Equal([(1, "1", 1), (2, "50%", 3), (3, "100%", 5)], rollout.Waves.Select(w => (w.Number, w.Target, w.Instances)));
            Assert.Equal((EtcdRolloutState.Progressing, 1, 1L), (rollout.State, rollout.CurrentWave, rollout.PreviousRelease));
            Assert.Empty(started.Written);
            var canary = Assert.Single(nodes, n => rollout.WaveOf(n.Etcd.InstanceId) == 1);

            // The canary loads release 2 from the history; the others hold release 1, and the files under the prefix stay.
            var holding = await FleetStatusProbe.WaitForAsync(etcd.Options(prefix),
                s => s.Instances.Count(i => i.Release == 2 && i.State == EtcdInstanceState.Applied && i.Wave == 1) == 1
                    && s.Instances.Count(i => i.Release == 1 && i.State == EtcdInstanceState.Holding && i.Wave > 1) == 4,
                "the canary on release 2 and four instances holding release 1");
            Assert.Equal(canary.Etcd.InstanceId, holding.Instances.Single(i => i.Release == 2).Id);
            Assert.Equal(1, holding.Release!.Number);
            Assert.Equal(2, canary.Release);
            Assert.StartsWith("etcd:" + prefix + "/base.yaml@", canary.Reloader.Current.Explain("marker")!.Winner.Source, StringComparison.Ordinal);

            // Whenever a wave opens, nobody outside the open waves runs release 2.
            var violations = new List<string>();
            var waves = new List<int>();
            using var driver = Driver(prefix);
            var final = await driver.DriveAsync(new SyncProgress<EtcdRollout>(r =>
            {
                waves.Add(r.CurrentWave);
                violations.AddRange(nodes.Where(n => r.WaveOf(n.Etcd.InstanceId) > r.CurrentWave && n.Release != 1).Select(n => $"{n.Etcd.InstanceId} ran release {n.Release} while wave {r.CurrentWave} was open"));
            })).WaitAsync(Patience);

            Assert.Empty(violations);
            Assert.Equal(EtcdRolloutState.Completed, final.State);
            Assert.Equal([1, 2, 3], waves.Distinct());
            Assert.Equal("test-driver", final.Driver);
            var done = await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.All(i => i.Release == 2 && i.State == EtcdInstanceState.Applied && i.Wave is null), "every instance applied release 2");
            Assert.Equal(2, done.Release!.Number);
            foreach (var node in nodes)
            {
                await node.FlushAsync();
                Assert.Empty(node.Torn);
                Assert.Equal(2, node.Release);
            }
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task An_unhealthy_canary_aborts_the_rollout_no_other_instance_ever_runs_the_release_and_the_fleet_returns_to_the_previous_content()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var unhealthyOnTwo = new ReloadOptions { HealthCheck = (snapshot, _) => ValueTask.FromResult(ReleaseConfig.ReleaseOf(snapshot) != 2) };
        var nodes = await StartFleetAsync(prefix, 4, unhealthyOnTwo);
        try
        {
            var rollout = (await publisher.StartRolloutAsync(2, Staging("1", "100%"))).Rollout!;
            var canary = nodes.Single(n => rollout.WaveOf(n.Etcd.InstanceId) == 1);
            using var driver = Driver(prefix);
            var final = await driver.DriveAsync().WaitAsync(Patience);

            Assert.Equal(EtcdRolloutState.Aborted, final.State);
            Assert.Equal(3, final.RollbackRelease);
            var failure = Assert.Single(final.Failures);
            Assert.Equal((canary.Etcd.InstanceId, EtcdInstanceState.Unhealthy), (failure.Id, failure.State));
            Assert.Contains("release 2 failed its health check", failure.Errors[0].Message, StringComparison.Ordinal);
            Assert.Contains(canary.Etcd.InstanceId + " unhealthy", final.Reason, StringComparison.Ordinal);

            var back = await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.All(i => i.Release == 3 && i.State == EtcdInstanceState.Applied && i.Wave is null), "every instance on release 3");
            Assert.Equal((3L, 1L), (back.Release!.Number, back.Release.RolledBackFrom));
            Assert.Equal(EtcdRolloutState.Aborted, back.Rollout!.State);
            foreach (var node in nodes)
            {
                await node.FlushAsync();
                Assert.Equal(1, node.Release);
                if (node != canary)
                {
                    Assert.DoesNotContain(2L, node.Seen);
                }
            }

            // The fleet is free again: the next release publishes as usual.
            await publisher.PublishAsync(4);
            await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.All(i => i.Release == 4), "every instance on release 4");
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Rejections_count_against_the_threshold_a_tolerated_one_lets_the_next_wave_open_and_the_last_wave_never_sees_the_release()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var nodes = await StartFleetAsync(prefix, 4);
        try
        {
            // The publisher's machine has DB_HOST, so release 2 validates there; no instance has it.
            using var dir = new TempDir();
            ReleaseConfig.Write(dir, 2);
            dir.Write("base.yaml", "marker: 2\nbase_marker: 2\nservice:\n  name: fleet\n  port: 8002\ndatabase:\n  host: ${DB_HOST}\n");
            using var withVariable = new EtcdPublisher(etcd.Options(prefix))
            {
                ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = new Dictionary<string, string> { ["DB_HOST"] = "db.internal" } },
            };
            var plan = await withVariable.PrepareAsync(dir.Path, "test", "needs DB_HOST");
            var staging = Staging("1", "50%", "100%");
            staging.MaxUnhealthy = 1;
            var rollout = (await withVariable.StartRolloutAsync(plan, staging)).Rollout!;
            Assert.Equal(3, rollout.Waves.Count);

            using var driver = Driver(prefix);
            var waves = new List<int>();
            var final = await driver.DriveAsync(new SyncProgress<EtcdRollout>(r => waves.Add(r.CurrentWave))).WaitAsync(Patience);

            Assert.Equal(EtcdRolloutState.Aborted, final.State);
            Assert.Equal(2, final.CurrentWave);
            Assert.Equal([1, 2], waves.Distinct());
            Assert.Equal(2, final.Failures.Count);
            Assert.All(final.Failures, f => Assert.Equal(EtcdInstanceState.Rejected, f.State));
            var error = final.Failures[0].Errors[0];
            Assert.Equal((7, "database.host"), (error.Line, error.Path));
            Assert.Contains("DB_HOST", error.Message, StringComparison.Ordinal);
            Assert.Contains("more than the 1 allowed", final.Reason, StringComparison.Ordinal);

            await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.All(i => i.Release == 3 && i.State == EtcdInstanceState.Applied), "every instance on release 3");
            foreach (var node in nodes.Where(n => final.WaveOf(n.Etcd.InstanceId) == 3))
            {
                await node.FlushAsync();
                Assert.Empty(node.Failures);
            }
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Two_drivers_racing_take_every_step_once_and_both_see_the_same_end()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var nodes = await StartFleetAsync(prefix, 4);
        try
        {
            var started = await publisher.StartRolloutAsync(2, Staging("1", "50%", "100%"));
            using var first = Driver(prefix);
            using var second = Driver(prefix);
            second.Name = "second-driver";
            var results = await Task.WhenAll(first.DriveAsync(), second.DriveAsync()).WaitAsync(Patience);

            Assert.All(results, r => Assert.Equal(EtcdRolloutState.Completed, r.State));
            using var raw = new RawEtcd(etcd.Endpoints);
            var history = (await raw.HistoryAsync(prefix + "/rollout", started.Release.Revision))
                .Select(v => JsonDocument.Parse(v).RootElement)
                .Select(r => (r.GetProperty("state").GetString(), r.GetProperty("currentWave").GetInt32()))
                .ToList();
            Assert.Equal([("progressing", 1), ("progressing", 2), ("progressing", 3), ("completed", 3)], history);
            Assert.Equal([1L, 2L], (await publisher.Publisher.GetReleasesAsync()).Select(r => r.Number));
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task While_a_rollout_is_active_publish_and_rollback_are_refused_and_pause_holds_it()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var nodes = await StartFleetAsync(prefix, 2);
        try
        {
            await publisher.StartRolloutAsync(2, Staging("1", "100%"));
            var refused = await Assert.ThrowsAsync<EtcdException>(() => publisher.PublishAsync(3));
            Assert.Contains("release 2 is rolling out", refused.Message, StringComparison.Ordinal);
            Assert.Contains("strata rollout abort", refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<EtcdException>(() => publisher.Publisher.RollbackAsync(1));

            using var driver = Driver(prefix);
            var paused = await driver.PauseAsync("looking at the canary");
            Assert.Equal((EtcdRolloutState.Paused, "looking at the canary"), (paused.State, paused.Reason));
            var resumed = await driver.ResumeAsync();
            Assert.Equal((EtcdRolloutState.Progressing, (string?)null), (resumed.State, resumed.Reason));
            var aborted = await driver.AbortAsync();
            Assert.Equal((EtcdRolloutState.Aborted, "aborted by test-driver", 3L), (aborted.State, aborted.Reason, aborted.RollbackRelease));
            await Assert.ThrowsAsync<EtcdRolloutNotFoundException>(() => driver.PauseAsync());
            await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.All(i => i.Release == 3 && i.State == EtcdInstanceState.Applied), "every instance on release 3");
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task The_first_release_of_a_prefix_cannot_be_staged()
    {
        using var publisher = new ReleasePublisher(etcd.Options(NewPrefix()));
        var error = await Assert.ThrowsAsync<EtcdException>(() => publisher.StartRolloutAsync(1, Staging("1")));
        Assert.Contains("nothing to hold or to return to", error.Message, StringComparison.Ordinal);
    }
}
