using System.Threading.Channels;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Watching;
using Strata.Notifications;

namespace Strata.Etcd.Tests.Watching;

/// <summary>Watchers on a single etcd member: one transaction, one reload, one version; bad content never goes live.</summary>
public sealed class FleetReloadTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-fleet/" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task One_transaction_is_one_reload_and_one_new_version()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(etcd.Options(prefix));
        Assert.Equal(1, node.Reloader.Current.Version);
        Assert.Equal(1, node.Release);

        for (var release = 2; release <= 4; release++)
        {
            var published = await publisher.PublishAsync(release);
            var snapshot = await node.WaitForReleaseAsync(release);

            Assert.Equal(release, snapshot.Version);
            // The copy reflects the publish's revision (or a later one, after a progress notification): the release it
            // serves is the publish's.
            Assert.Equal(release, node.Etcd.Statistics.Release);
            Assert.True(node.Etcd.Statistics.Revision >= published.Release.Revision, $"the copy is at revision {node.Etcd.Statistics.Revision}, before the publish's {published.Release.Revision}");
        }

        await node.FlushAsync();
        // The signal counter moves on the watcher's thread: wait until the third is counted before reading it.
        Assert.True(SpinWait.SpinUntil(() => node.Reloader.GetStatistics().ChangeSignals >= 3, FleetNode.Patience), "the third change signal never came");
        var stats = node.Reloader.GetStatistics();
        Assert.Equal("etcd", stats.WatcherMode);
        Assert.Equal(3, stats.Reloads);
        Assert.Equal(3, stats.ChangeSignals);
        Assert.Equal(0, stats.Failures);
        Assert.Equal([1L, 2, 3, 4], node.Seen);
        Assert.Empty(node.Torn);

        var watch = node.Etcd.Statistics;
        Assert.Equal(EtcdConnectionState.Connected, watch.State);
        Assert.Equal(4, watch.Release);
        Assert.Equal(0, watch.RevisionLag);
        Assert.Equal(TimeSpan.Zero, watch.Staleness);
        Assert.Null(watch.DisconnectedSince);
    }

    [Fact]
    public async Task The_change_signal_names_the_files_of_the_transaction_and_comes_after_the_swap()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var fleet = await EtcdConfiguration.ConnectAsync(etcd.Options(prefix), FleetNode.ManagerOptions());
        var signals = Channel.CreateUnbounded<(IReadOnlyList<string> Files, long Release)>();
        await fleet.ChangeSource.StartAsync(files => signals.Writer.TryWrite((files, fleet.Current.Release!.Number)));

        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 1);
        dir.Write("environments/production.yaml", "env_marker: 1\nservice:\n  replicas: 9\n");
        dir.Write("agents/extra.yaml", "agent_marker: 1\n");
        await publisher.Publisher.PublishAsync(dir.Path);

        using var timeout = new CancellationTokenSource(FleetNode.Patience);
        var (files, release) = await signals.Reader.ReadAsync(timeout.Token);
        Assert.Equal(["agents/extra.yaml", "environments/production.yaml"], files.Order(StringComparer.Ordinal));
        Assert.Equal(2, release);
        Assert.Equal(9, fleet.Manager.Load().Get<int>("service.replicas"));
        Assert.False(signals.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Content_written_behind_strata_that_does_not_load_never_goes_live()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(etcd.Options(prefix));
        var failed = new TaskCompletionSource<ReloadNotification>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = node.Reloader.AddNotificationCallback(n =>
        {
            if (n.EventType == ReloadEvent.ConfigFailed)
            {
                failed.TrySetResult(n);
            }
        });

        using var raw = new RawEtcd(etcd.Endpoints);
        var revision = await raw.PutAsync(prefix + "/environments/production.yaml", "env_marker: 1\nservice: [broken\n");
        var failure = await failed.Task.WaitAsync(FleetNode.Patience);

        var error = Assert.Single(failure.Errors);
        Assert.Equal($"etcd:{prefix}/environments/production.yaml@{revision}", error.File);
        Assert.True(error.Line >= 2, error.ToString());
        Assert.Equal(1, node.Reloader.Current.Version);
        Assert.Equal(1, node.Release);

        await publisher.PublishAsync(2);
        var snapshot = await node.WaitForReleaseAsync(2);
        Assert.Equal(2, snapshot.Version);
    }

    [Fact]
    public async Task A_release_without_the_live_environment_file_fails_and_the_next_full_release_loads()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(etcd.Options(prefix));
        var failed = new TaskCompletionSource<ReloadNotification>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = node.Reloader.AddNotificationCallback(n =>
        {
            if (n.EventType == ReloadEvent.ConfigFailed)
            {
                failed.TrySetResult(n);
            }
        });

        using (var partial = new TempDir())
        {
            ReleaseConfig.Write(partial, 2);
            Directory.Delete(Path.Combine(partial.Path, "environments"), recursive: true);
            await publisher.Publisher.PublishAsync(partial.Path, "test", "release 2 without environments/");
        }

        var failure = await failed.Task.WaitAsync(FleetNode.Patience);
        Assert.Equal(
            $"etcd:{prefix}/environments/production.yaml:1:1: the environment layer file is missing; it was part of the live configuration (restore it, or switch environment)",
            Assert.Single(failure.Errors).ToString());
        Assert.Equal(["environments/production.yaml"], failure.Files);
        Assert.Equal(1, node.Reloader.Current.Version);
        Assert.Equal(1, node.Release);

        await publisher.PublishAsync(3);
        var snapshot = await node.WaitForReleaseAsync(3);
        Assert.Equal(2, snapshot.Version);
    }

    [Fact]
    public async Task A_watcher_that_starts_before_the_first_publish_picks_it_up()
    {
        var prefix = NewPrefix();
        await using var fleet = await EtcdConfiguration.ConnectAsync(etcd.Options(prefix), FleetNode.ManagerOptions());
        Assert.Empty(fleet.Current.Files);
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await fleet.ChangeSource.StartAsync(_ => signalled.TrySetResult());

        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await signalled.Task.WaitAsync(FleetNode.Patience);

        Assert.Equal(1, ReleaseConfig.ReleaseOf(fleet.Manager.Load()));
        Assert.Equal(1, fleet.Statistics.Release);
    }

    [Fact]
    public async Task Compaction_while_a_watcher_is_cut_off_makes_it_read_everything_again()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var member = etcd.Cluster.Members[0];
        using var proxy = new TcpProxy(member.ClientPort);
        var options = new EtcdOptions { Prefix = prefix, ReconnectMaxDelay = TimeSpan.FromSeconds(1) }.WithEndpoints(proxy.Url);
        await using var node = await FleetNode.StartAsync(options);
        await node.WaitForStateAsync(EtcdConnectionState.Connected);

        proxy.Cut();
        await node.WaitForStateAsync(EtcdConnectionState.Disconnected);
        Assert.Equal(1, node.Release);
        Assert.True(node.Etcd.Statistics.DisconnectedSince is not null);

        for (var release = 2; release <= 4; release++)
        {
            await publisher.PublishAsync(release);
        }

        using var raw = new RawEtcd(etcd.Endpoints);
        await raw.CompactAsync(await raw.RevisionAsync());
        Assert.Equal(1, node.Release);

        proxy.Open();
        var snapshot = await node.WaitForReleaseAsync(4);

        Assert.Equal(2, snapshot.Version);
        var stats = node.Etcd.Statistics;
        Assert.True(stats.Resyncs >= 1, stats.ToString());
        Assert.True(stats.Reconnects >= 1, stats.ToString());
        Assert.Equal(EtcdConnectionState.Connected, stats.State);
        await node.FlushAsync();
        Assert.Empty(node.Torn);
        Assert.Equal([1L, 4], node.Seen);
    }
}
