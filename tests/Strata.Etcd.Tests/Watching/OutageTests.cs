using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Watching;

namespace Strata.Etcd.Tests.Watching;

/// <summary>Real outages: etcd stopped and started again, and a three-member cluster losing its leader mid-stream.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task Watchers_keep_serving_while_etcd_is_down_then_catch_up()
    {
        await using var cluster = await EtcdCluster.StartAsync(1);
        const string prefix = "/strata-outage";
        using var publisher = new ReleasePublisher(cluster.Options(prefix));
        await publisher.PublishAsync(1);
        var options = cluster.Options(prefix);
        options.ReconnectMaxDelay = TimeSpan.FromSeconds(1);
        await using var first = await FleetNode.StartAsync(options);
        await using var second = await FleetNode.StartAsync(options);
        await first.WaitForStateAsync(EtcdConnectionState.Connected);
        await second.WaitForStateAsync(EtcdConnectionState.Connected);

        cluster.Members[0].Kill();
        await first.WaitForStateAsync(EtcdConnectionState.Disconnected);
        await second.WaitForStateAsync(EtcdConnectionState.Disconnected);

        // The last good configuration keeps serving, and loads still work from the local copy.
        Assert.Equal(1, first.Release);
        Assert.Equal(1, ReleaseConfig.ReleaseOf(second.Etcd.Manager.Load()));
        Assert.NotNull(first.Etcd.Statistics.LastError);

        await cluster.RestartAsync(cluster.Members[0]);
        await first.WaitForStateAsync(EtcdConnectionState.Connected);
        await publisher.PublishWithRetryAsync(2);

        await first.WaitForReleaseAsync(2);
        await second.WaitForReleaseAsync(2);
        Assert.True(first.Etcd.Statistics.Reconnects >= 1);
        Assert.Equal(0, first.Reloader.GetStatistics().Failures);
    }

    [Fact]
    public async Task Killing_the_leader_during_a_stream_of_publishes_tears_no_watcher()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        const string prefix = "/strata-leader";
        using var publisher = new ReleasePublisher(cluster.Options(prefix));
        await publisher.PublishAsync(1);
        var nodes = new List<FleetNode>();
        try
        {
            // Each watcher lists the members in a different order, so their streams land on different members.
            for (var i = 0; i < 3; i++)
            {
                var options = cluster.Options(prefix, [.. cluster.Members.Skip(i), .. cluster.Members.Take(i)]);
                options.ReconnectMaxDelay = TimeSpan.FromSeconds(1);
                nodes.Add(await FleetNode.StartAsync(options));
            }

            const int last = 16;
            for (var release = 2; release <= last; release++)
            {
                if (release == 6)
                {
                    var leader = await cluster.FindLeaderAsync();
                    leader.Kill();
                }

                await publisher.PublishWithRetryAsync(release);
            }

            foreach (var node in nodes)
            {
                await node.WaitForReleaseAsync(last);
                await node.FlushAsync();
                Assert.Empty(node.Torn);
                Assert.Equal(node.Seen.Order(), node.Seen);
                Assert.Equal(last, node.Seen.Last());
                Assert.All(node.Reloader.History, s => ReleaseConfig.ReleaseOf(s));
            }

            Assert.Equal(last, (await publisher.Publisher.GetCurrentReleaseAsync())!.Number);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_long_lived_publisher_whose_first_member_is_killed_publishes_through_another(bool killTheLeader)
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        var leader = await cluster.FindLeaderAsync();
        var first = killTheLeader ? leader : cluster.Members.First(m => m != leader);
        using var publisher = new ReleasePublisher(cluster.Options("/strata-failover", [first, .. cluster.Members.Where(m => m != first)]));
        await publisher.PublishAsync(1);

        first.Kill();
        await WaitForLeaderAsync(cluster);

        // No retries here: every publish from the same publisher must find a live member by itself.
        for (var release = 2; release <= 6; release++)
        {
            var result = await publisher.PublishAsync(release);
            Assert.True(result.Published);
            Assert.Equal(release, result.Release.Number);
        }

        Assert.Equal(6, (await publisher.Publisher.GetCurrentReleaseAsync())!.Number);
    }

    /// <summary>Waits until a running member is the leader (an election follows a killed leader).</summary>
    private static async Task WaitForLeaderAsync(EtcdCluster cluster)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await cluster.FindLeaderAsync();
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or Grpc.Core.RpcException && !timeout.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
        }
    }
}
