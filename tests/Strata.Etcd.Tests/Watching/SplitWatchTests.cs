using System.Globalization;
using System.Threading.Channels;
using Strata.Etcd.Tests.Infrastructure;

namespace Strata.Etcd.Tests.Watching;

/// <summary>
/// The prefix watch leaves the instance records out (two watches, before and after <c>instances/</c>): other instances'
/// record writes never reach a watcher, and a release with files on both sides still goes live whole.
/// </summary>
public sealed class SplitWatchTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-split/" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_release_with_files_on_both_sides_of_the_instance_records_never_goes_live_half_applied()
    {
        // schema.yaml sorts after instances/ and base.yaml before it; each release's schema accepts only its own
        // marker, so a reload that saw one half of a release would fail validation.
        var prefix = NewPrefix();
        using var dir = new TempDir();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await PublishAsync(publisher, dir, 1);
        await using var node = await FleetNode.StartAsync(etcd.Options(prefix));

        const int releases = 25;
        for (var release = 2; release <= releases; release++)
        {
            await PublishAsync(publisher, dir, release);
            await node.WaitForReleaseAsync(release);
        }

        await node.FlushAsync();
        Assert.Empty(node.Failures);
        Assert.Empty(node.Torn);
        Assert.Equal(Enumerable.Range(1, releases).Select(r => (long)r), node.Seen);
        Assert.Equal(0, node.Reloader.GetStatistics().Failures);
    }

    [Fact]
    public async Task Other_instances_record_writes_never_reach_the_watcher()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(etcd.Options(prefix));
        var updates = node.Etcd.Statistics.Updates;

        using var raw = new RawEtcd(etcd.Endpoints);
        for (var i = 0; i < 50; i++)
        {
            await raw.PutAsync(string.Create(CultureInfo.InvariantCulture, $"{prefix}/instances/other-{i % 5}"), "{\"id\":\"other\"}");
        }

        var published = await publisher.PublishAsync(2);
        await node.WaitForReleaseAsync(2);

        var watch = node.Etcd.Statistics;
        Assert.Equal(updates + 1, watch.Updates);
        Assert.Equal(published.Release.Revision, watch.Revision);
        Assert.Equal(0, watch.RevisionLag);
    }

    [Fact]
    public async Task A_hand_made_edit_after_the_instance_records_goes_live_on_its_own()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var fleet = await EtcdConfiguration.ConnectAsync(etcd.Options(prefix), FleetNode.ManagerOptions());
        var signals = Channel.CreateUnbounded<IReadOnlyList<string>>();
        await fleet.ChangeSource.StartAsync(files => signals.Writer.TryWrite(files));

        using var raw = new RawEtcd(etcd.Endpoints);
        var revision = await raw.PutAsync(prefix + "/zones/eu.yaml", "zone: eu\n");

        using var timeout = new CancellationTokenSource(FleetNode.Patience);
        Assert.Equal(["zones/eu.yaml"], await signals.Reader.ReadAsync(timeout.Token));
        Assert.True(fleet.FileSystem.Current.TryGetFile("zones/eu.yaml", out var file));
        Assert.Equal(revision, file.ModRevision);
        Assert.Equal(revision, fleet.Current.Revision);
    }

    private static async Task PublishAsync(ReleasePublisher publisher, TempDir dir, int release)
    {
        ReleaseConfig.Write(dir, release);
        dir.Write("schema.yaml", string.Create(CultureInfo.InvariantCulture, $"keys:\n  base_marker: {{type: int, allowed: [{release}]}}\n"));
        await publisher.Publisher.PublishAsync(dir.Path, "test", string.Create(CultureInfo.InvariantCulture, $"release {release}"));
    }
}
