using Strata.Etcd.Instances;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Tests.Instances;
using Strata.Etcd.Watching;
using Strata.Reload;

namespace Strata.Etcd.Tests.Rollouts;

/// <summary>Rollouts through failures: a driver killed and resumed elsewhere, the etcd leader killed, instances killed or cut off.</summary>
public sealed class RolloutOutageTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string NewPrefix() => "/strata-rollout-outage/" + Guid.NewGuid().ToString("N")[..8];

    private static EtcdRolloutOptions CanaryThenEveryone()
    {
        var options = new EtcdRolloutOptions { Canary = "1" };
        options.Waves.Add("100%");
        return options;
    }

    private EtcdOptions NodeOptions(string prefix, string id)
    {
        var options = etcd.Options(prefix);
        options.InstanceId = id;
        return options;
    }

    [Fact]
    public async Task A_driver_killed_mid_rollout_leaves_it_holding_and_a_driver_in_another_process_finishes_it()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);

        // The canary's health check for release 2 waits for the test, so the first wave cannot finish while the first driver lives.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gated = new ReloadOptions
        {
            HealthCheck = async (snapshot, cancellationToken) =>
            {
                if (ReleaseConfig.ReleaseOf(snapshot) == 2)
                {
                    await gate.Task.WaitAsync(cancellationToken);
                }

                return true;
            },
        };
        var nodes = new List<FleetNode>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                nodes.Add(await FleetNode.StartAsync(NodeOptions(prefix, $"node-{i}"), gated));
            }

            await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 3 && s.Instances.All(i => i.Release == 1), "three instances on release 1");
            using var dir = new TempDir();
            ReleaseConfig.Write(dir, 2);
            using (var first = CliProcess.Start("publish", dir.Path, "--etcd", etcd.Endpoints, "--prefix", prefix, "--canary", "1", "--waves", "100%", "--wait", "--author", "first"))
            {
                await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Rollout is { Release: 2, IsActive: true }, "the rollout of release 2 started");
                await first.KillAsync();
            }

            gate.SetResult();
            var held = await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Any(i => i.Release == 2 && i.State == EtcdInstanceState.Applied), "the canary on release 2");
            Assert.Equal((EtcdRolloutState.Progressing, 1), (held.Rollout!.State, held.Rollout.CurrentWave));
            Assert.Equal(2, held.Instances.Count(i => i.State == EtcdInstanceState.Holding && i.Release == 1));

            using var second = CliProcess.Start("rollout", "resume", "--etcd", etcd.Endpoints, "--prefix", prefix);
            Assert.Equal(0, await second.WaitForExitAsync());
            Assert.Contains("rollout: release 2 rolled out (completed", second.Output, StringComparison.Ordinal);
            foreach (var node in nodes)
            {
                await node.WaitForReleaseAsync(2);
                await node.FlushAsync();
                Assert.Empty(node.Torn);
            }
        }
        finally
        {
            gate.TrySetResult();
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Killing_the_etcd_leader_mid_rollout_neither_stops_nor_tears_it()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        const string prefix = "/strata-rollout-leader";
        using var publisher = new ReleasePublisher(cluster.Options(prefix));
        await publisher.PublishAsync(1);
        var nodes = new List<FleetNode>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var options = cluster.Options(prefix, [.. cluster.Members.Skip(i), .. cluster.Members.Take(i)]);
                options.ReconnectMaxDelay = TimeSpan.FromSeconds(1);
                options.InstanceId = $"node-{i}";
                nodes.Add(await FleetNode.StartAsync(options));
            }

            await FleetStatusProbe.WaitForAsync(cluster.Options(prefix), s => s.Instances.Count == 3 && s.Instances.All(i => i.Release == 1), "three instances on release 1");
            var rollout = (await publisher.StartRolloutAsync(2, CanaryThenEveryone())).Rollout!;
            var canary = nodes.Single(n => rollout.WaveOf(n.Etcd.InstanceId) == 1);
            using var driver = new EtcdRolloutDriver(cluster.Options(prefix)) { PollInterval = TimeSpan.FromMilliseconds(100) };
            var drive = driver.DriveAsync();
            await canary.WaitForReleaseAsync(2);

            (await cluster.FindLeaderAsync()).Kill();
            var final = await drive.WaitAsync(Patience);

            Assert.Equal(EtcdRolloutState.Completed, final.State);
            foreach (var node in nodes)
            {
                await node.WaitForReleaseAsync(2);
                await node.FlushAsync();
                Assert.Empty(node.Torn);
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_instance_killed_before_its_wave_leaves_the_fleet_with_its_lease_and_the_rollout_completes_without_it()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var alpha = await FleetNode.StartAsync(NodeOptions(prefix, "alpha"));
        await using var beta = await FleetNode.StartAsync(NodeOptions(prefix, "beta"));
        using (var doomed = CliProcess.Start("watch", "--etcd", etcd.Endpoints, "--prefix", prefix, "--env", "production", "--agent", "worker", "--instance", "doomed", "--format", "jsonl"))
        {
            await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 3 && s.Instances.All(i => i.Release == 1), "three instances on release 1");
            await doomed.KillAsync();
        }

        // Its record outlives the process until the lease expires; the rollout counts it until then, and not after.
        var started = await publisher.StartRolloutAsync(2, CanaryThenEveryone());
        Assert.Equal(3, started.Rollout!.Waves[^1].Instances);
        using var driver = new EtcdRolloutDriver(etcd.Options(prefix)) { PollInterval = TimeSpan.FromMilliseconds(100) };
        var final = await driver.DriveAsync().WaitAsync(Patience);

        Assert.Equal(EtcdRolloutState.Completed, final.State);
        var status = await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 2 && s.Instances.All(i => i.Release == 2), "alpha and beta on release 2");
        Assert.DoesNotContain(status.Instances, i => i.Id == "doomed");
    }

    [Fact]
    public async Task An_instance_cut_off_from_etcd_during_a_rollout_keeps_serving_and_catches_up_on_the_release()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        using var proxy = new TcpProxy(etcd.Cluster.Members[0].ClientPort);
        var islandOptions = proxy.InstanceOptions(prefix, "island");
        await using var island = await FleetNode.StartAsync(islandOptions);
        await using var alpha = await FleetNode.StartAsync(NodeOptions(prefix, "alpha"));
        await using var beta = await FleetNode.StartAsync(NodeOptions(prefix, "beta"));
        await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 3 && s.Instances.All(i => i.Release == 1), "three instances on release 1");

        proxy.Cut();
        await island.WaitForStateAsync(EtcdConnectionState.Disconnected);
        await FleetStatusProbe.WaitForAbsenceAsync(etcd.Options(prefix), "island");
        await publisher.StartRolloutAsync(2, CanaryThenEveryone());
        using var driver = new EtcdRolloutDriver(etcd.Options(prefix)) { PollInterval = TimeSpan.FromMilliseconds(100) };
        Assert.Equal(EtcdRolloutState.Completed, (await driver.DriveAsync().WaitAsync(Patience)).State);
        Assert.Equal(1, island.Release);

        proxy.Open();
        await island.WaitForReleaseAsync(2);
        var back = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "island", r => r.Release == 2, "back on release 2");
        Assert.Equal((EtcdInstanceState.Applied, (int?)null), (back.State, back.Wave));
        await island.FlushAsync();
        Assert.Empty(island.Torn);
    }

    [Fact]
    public async Task An_instance_whose_open_wave_release_is_damaged_in_the_history_reports_it_rejected_and_the_rollout_aborts()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var nodes = new Dictionary<string, FleetNode>
        {
            ["alpha"] = await FleetNode.StartAsync(NodeOptions(prefix, "alpha")),
            ["beta"] = await FleetNode.StartAsync(NodeOptions(prefix, "beta")),
        };
        try
        {
            await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 2 && s.Instances.All(i => i.Release == 1), "two instances on release 1");
            var started = await publisher.StartRolloutAsync(2, CanaryThenEveryone());
            var canary = started.Rollout!.WaveOf("alpha") == 1 ? "alpha" : "beta";
            await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), canary, r => r.Release == 2, "the canary on release 2");

            // The stored content of release 2's base.yaml is damaged; the canary restarts and cannot read its release.
            using var raw = new RawEtcd(etcd.Endpoints);
            await raw.PutAsync(prefix + "/.strata/history/blobs/" + started.Release.Files["base.yaml"], "marker: [damaged\n");
            await nodes[canary].DisposeAsync();
            nodes[canary] = await FleetNode.StartAsync(NodeOptions(prefix, canary));

            var rejected = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), canary, r => r.State == EtcdInstanceState.Rejected, "rejected");
            Assert.Equal((1L, (int?)1), (rejected.Release, rejected.Wave));
            Assert.Contains("base.yaml in release 2 is missing or damaged", rejected.Errors[0].Message, StringComparison.Ordinal);
            Assert.Equal(1, nodes[canary].Release);

            using var driver = new EtcdRolloutDriver(etcd.Options(prefix)) { PollInterval = TimeSpan.FromMilliseconds(100) };
            var final = await driver.DriveAsync().WaitAsync(Patience);
            Assert.Equal(EtcdRolloutState.Aborted, final.State);
            await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 2 && s.Instances.All(i => i.Release == 3 && i.State == EtcdInstanceState.Applied), "both back on release 3");
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                await node.DisposeAsync();
            }
        }
    }
}
