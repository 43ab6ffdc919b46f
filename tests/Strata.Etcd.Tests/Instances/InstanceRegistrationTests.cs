using System.Text.Json;
using Strata.Etcd.Instances;
using Strata.Etcd.Publishing;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Hierarchy;
using Strata.Reload;

namespace Strata.Etcd.Tests.Instances;

/// <summary>Instances report themselves at <c>{prefix}/instances/{id}</c>: applied, rejected, unhealthy, and gone when they stop.</summary>
public sealed class InstanceRegistrationTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-instances/" + Guid.NewGuid().ToString("N")[..8];

    private EtcdOptions Options(string prefix, string id)
    {
        var options = etcd.Options(prefix);
        options.InstanceId = id;
        options.InstanceTtl = TimeSpan.FromSeconds(2);
        return options;
    }

    [Fact]
    public async Task An_instance_registers_with_the_release_it_serves_and_updates_on_each_release()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(Options(prefix, "node-a"));

        var first = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-a", r => r.Release == 1, "on release 1");
        Assert.Equal(Environment.MachineName, first.Host);
        Assert.Equal(Environment.ProcessId, first.Pid);
        Assert.Equal(("production", "worker"), (first.Environment, first.Agent));
        Assert.Equal(node.Reloader.Current.Version, first.Version);
        Assert.Equal(node.Reloader.Current.ContentHash, first.ContentHash);
        Assert.Equal(EtcdInstanceState.Applied, first.State);
        Assert.Empty(first.Errors);
        Assert.Null(first.Wave);
        Assert.InRange(first.Updated, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));

        using (var json = JsonDocument.Parse(first.ToJson()))
        {
            Assert.Equal(
                ["id", "host", "pid", "environment", "agent", "release", "version", "contentHash", "state", "errors", "wave", "updated"],
                json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal("applied", json.RootElement.GetProperty("state").GetString());
        }

        // Publishing works while the record sits under the prefix, and the record is neither configuration nor deleted.
        await publisher.PublishAsync(2);
        var second = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-a", r => r.Release == 2, "on release 2");
        Assert.Equal(2, node.Release);
        Assert.Equal(node.Reloader.Current.Version, second.Version);
        Assert.DoesNotContain(node.Etcd.Current.Files.Keys, k => k.StartsWith("instances/", StringComparison.Ordinal));
        await publisher.PublishAsync(3);
        await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-a", r => r.Release == 3 && r.Version == 3, "on release 3");
        Assert.Equal(2, node.Reloader.GetStatistics().ChangeSignals);
    }

    [Fact]
    public async Task A_release_that_needs_a_variable_missing_here_is_rejected_with_its_location_while_the_previous_release_keeps_serving()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(Options(prefix, "node-r"));
        await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-r", r => r.Release == 1, "on release 1");

        // The publisher's machine has DB_HOST, so the release validates there; the instance does not have it.
        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 2);
        dir.Write("base.yaml", "marker: 2\nbase_marker: 2\nservice:\n  name: fleet\n  port: 8002\ndatabase:\n  host: ${DB_HOST}\n");
        using var withVariable = new EtcdPublisher(etcd.Options(prefix))
        {
            ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = new Dictionary<string, string> { ["DB_HOST"] = "db.internal" } },
        };
        await withVariable.PublishAsync(dir.Path, "test", "needs DB_HOST");

        var rejected = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-r", r => r.State == EtcdInstanceState.Rejected, "rejected");
        Assert.Equal(1, rejected.Release);
        var error = Assert.Single(rejected.Errors);
        Assert.Contains("base.yaml", error.File, StringComparison.Ordinal);
        Assert.Equal(7, error.Line);
        Assert.True(error.Column > 0);
        Assert.Equal("database.host", error.Path);
        Assert.Contains("DB_HOST", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, node.Release);

        // The next release that loads here clears the state.
        await publisher.PublishAsync(3);
        var applied = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-r", r => r.Release == 3, "on release 3");
        Assert.Equal(EtcdInstanceState.Applied, applied.State);
        Assert.Empty(applied.Errors);
    }

    [Fact]
    public async Task A_release_that_fails_the_health_check_is_rolled_back_locally_and_reported_unhealthy()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var reload = new ReloadOptions { HealthCheck = (snapshot, _) => ValueTask.FromResult(ReleaseConfig.ReleaseOf(snapshot) != 2) };
        await using var node = await FleetNode.StartAsync(Options(prefix, "node-h"), reload);
        await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-h", r => r.Release == 1, "on release 1");

        await publisher.PublishAsync(2);
        var unhealthy = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-h", r => r.State == EtcdInstanceState.Unhealthy, "unhealthy");
        Assert.Equal(1, unhealthy.Release);
        Assert.Equal(node.Reloader.Current.Version, unhealthy.Version);
        Assert.Contains("release 2 failed its health check", Assert.Single(unhealthy.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(1, node.Release);

        await publisher.PublishAsync(3);
        var applied = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-h", r => r.Release == 3, "on release 3");
        Assert.Equal(EtcdInstanceState.Applied, applied.State);
    }

    [Fact]
    public async Task A_disposed_instance_removes_its_record_at_once()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var options = Options(prefix, "node-d");
        options.InstanceTtl = TimeSpan.FromSeconds(60);
        var node = await FleetNode.StartAsync(options);
        await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "node-d", r => r.Release == 1, "on release 1");

        await node.DisposeAsync();

        // With a 60 s lease, only the revoke on disposal makes the record go this soon.
        var status = await EtcdFleetStatus.ReadAsync(etcd.Options(prefix));
        Assert.DoesNotContain(status.Instances, i => i.Id == "node-d");
    }

    [Fact]
    public async Task A_reloader_created_twice_from_one_connection_is_refused()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(Options(prefix, "node-twice"));

        Assert.Throws<InvalidOperationException>(() => node.Etcd.CreateReloader());
    }

    [Fact]
    public async Task An_instance_record_written_between_prepare_and_commit_neither_stops_the_publish_nor_is_deleted_by_it()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 2);
        var plan = await publisher.Publisher.PrepareAsync(dir.Path, "test", "release 2");

        using var raw = new RawEtcd(etcd.Endpoints);
        await raw.PutAsync(prefix + "/instances/late", "{\"id\":\"late\"}");
        var result = await publisher.Publisher.CommitAsync(plan);

        Assert.Equal(2, result.Release.Number);
        Assert.DoesNotContain(result.Deleted, p => p.StartsWith("instances/", StringComparison.Ordinal));
        Assert.Contains(prefix + "/instances/late", (await raw.GetPrefixAsync(prefix + "/instances/")).Keys);

        // A hand edit of a configuration key in the same window still stops it.
        ReleaseConfig.Write(dir, 3);
        var stale = await publisher.Publisher.PrepareAsync(dir.Path, "test", "release 3");
        await raw.PutAsync(prefix + "/base.yaml", "marker: 99\n");
        await Assert.ThrowsAsync<EtcdPublishConflictException>(() => publisher.Publisher.CommitAsync(stale));
    }
}
