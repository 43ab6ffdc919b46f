using Strata.Etcd.Publishing;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Hierarchy;
using Strata.Model;

namespace Strata.Etcd.Tests.Publishing;

public sealed class EtcdPublisherTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-test/" + Guid.NewGuid().ToString("N")[..8];

    private static EnvironmentConfigOptions NoVariables() => new() { EnvironmentVariablePrefix = null, EnvironmentVariables = new Dictionary<string, string>() };

    [Fact]
    public async Task Publishing_the_samples_stores_every_file_and_a_release_record()
    {
        var prefix = NewPrefix();
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };

        var result = await publisher.PublishAsync(TempDir.SampleConfig, "alice", "first fleet config");

        Assert.True(result.Published);
        Assert.Equal(1, result.Release.Number);
        Assert.Equal("alice", result.Release.Author);
        Assert.Equal("first fleet config", result.Release.Message);
        Assert.True(result.Release.Revision > 0);
        Assert.Contains("base.yaml", result.Written);
        Assert.Contains("environments/production.yaml", result.Written);
        Assert.Contains("agents/system_agent.yaml", result.Written);
        Assert.Empty(result.Deleted);

        using var raw = new RawEtcd(etcd.Endpoints);
        var keys = await raw.GetPrefixAsync(prefix + "/");
        Assert.Equal(File.ReadAllText(Path.Combine(TempDir.SampleConfig, "base.yaml")), keys[prefix + "/base.yaml"]);
        Assert.Contains(prefix + "/.strata/current", keys.Keys);
        Assert.Contains(prefix + "/.strata/history/releases/000000000001", keys.Keys);

        var history = await publisher.GetReleasesAsync();
        var only = Assert.Single(history);
        Assert.Equal(result.Release.ContentHash, only.ContentHash);
        Assert.Equal(result.Release.Files, only.Files);
        Assert.Equal(1, (await publisher.GetCurrentReleaseAsync())!.Number);
    }

    [Fact]
    public async Task What_is_read_back_loads_exactly_like_the_directory()
    {
        var prefix = NewPrefix();
        using (var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() })
        {
            await publisher.PublishAsync(TempDir.SampleConfig, "ci");
        }

        await using var fleet = await EtcdConfiguration.ConnectAsync(etcd.Options(prefix), NoVariables());
        foreach (var environment in new[] { "development", "production" })
        {
            foreach (var agent in new[] { null, "system_agent" })
            {
                var local = new EnvironmentConfigManager(TempDir.SampleConfig, NoVariables()).With(environment, agent).Load();
                var remote = fleet.Manager.With(environment, agent).Load();
                Assert.Equal(local.ContentHash, remote.ContentHash);
            }
        }

        Assert.Equal(["development", "production", "staging", "testing"], fleet.Manager.GetAvailableEnvironments());
        var origin = fleet.Manager.Load().Explain("max_steps").Winner;
        Assert.Matches($"^etcd:{prefix}/(base|environments/development).yaml@[0-9]+$", origin.Source);
        Assert.True(origin.Line > 0);
    }

    [Fact]
    public async Task An_invalid_directory_is_refused_before_anything_is_written()
    {
        var prefix = NewPrefix();
        using var dir = TempDir.CopyOf(TempDir.SampleConfig);
        dir.Write("environments/staging.yaml", "max_steps: 10\nlogging:\n  level: [unclosed\n");
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };

        var ex = await Assert.ThrowsAsync<ConfigurationLoadException>(() => publisher.PublishAsync(dir.Path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("environments/staging.yaml", error.File);
        Assert.True(error.Line >= 3, error.ToString());
        using var raw = new RawEtcd(etcd.Endpoints);
        Assert.Empty(await raw.GetPrefixAsync(prefix + "/"));
    }

    [Fact]
    public async Task Every_agent_is_validated_in_every_environment()
    {
        var prefix = NewPrefix();
        using var dir = new TempDir();
        dir.Write("base.yaml", "port: 1\n");
        dir.Write("environments/production.yaml", "host: ${NO_SUCH_VARIABLE}\n");
        dir.Write("agents/worker.yaml", "threads: 4\n");
        dir.Write("agents/broken.yaml", "threads: {\n");
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };

        var ex = await Assert.ThrowsAsync<ConfigurationLoadException>(() => publisher.PublishAsync(dir.Path));

        Assert.Contains(ex.Errors, e => e.File == "agents/broken.yaml" && e.Line > 0);
        Assert.Contains(ex.Errors, e => e.File == "environments/production.yaml" && e.Line == 1 && e.Path == "host");
        Assert.Equal(ex.Errors.Count, ex.Errors.Select(e => e.ToString()).Distinct().Count());
    }

    [Fact]
    public async Task Only_changes_are_written_and_removed_files_are_deleted()
    {
        var prefix = NewPrefix();
        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 1);
        dir.Write("environments/staging.yaml", "env_marker: 1\n");
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };
        await publisher.PublishAsync(dir.Path, "ci");

        dir.Write("base.yaml", "marker: 1\nbase_marker: 1\nservice:\n  name: renamed\n");
        dir.Delete("environments/staging.yaml");
        var second = await publisher.PublishAsync(dir.Path, "ci", "rename");

        Assert.Equal(2, second.Release.Number);
        Assert.Equal(["base.yaml"], second.Written);
        Assert.Equal(["environments/staging.yaml"], second.Deleted);
        using var raw = new RawEtcd(etcd.Endpoints);
        Assert.DoesNotContain(prefix + "/environments/staging.yaml", (await raw.GetPrefixAsync(prefix + "/")).Keys);
    }

    [Fact]
    public async Task Publishing_the_same_content_again_makes_no_release()
    {
        var prefix = NewPrefix();
        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 1);
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };
        var first = await publisher.PublishAsync(dir.Path);

        var again = await publisher.PublishAsync(dir.Path);

        Assert.False(again.Published);
        Assert.Equal(first.Release.Number, again.Release.Number);
        Assert.Single(await publisher.GetReleasesAsync());
    }

    [Fact]
    public async Task Two_publishers_cannot_interleave_and_the_loser_writes_nothing()
    {
        var prefix = NewPrefix();
        using var a = new TempDir();
        using var b = new TempDir();
        ReleaseConfig.Write(a, 1);
        ReleaseConfig.Write(b, 2);
        using var alice = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };
        using var bob = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };

        var alicePlan = await alice.PrepareAsync(a.Path, "alice");
        var bobPlan = await bob.PrepareAsync(b.Path, "bob");
        Assert.Equal(alicePlan.ExpectedRevision, bobPlan.ExpectedRevision);

        await alice.CommitAsync(alicePlan);
        using var raw = new RawEtcd(etcd.Endpoints);
        var before = await raw.RevisionAsync();
        var ex = await Assert.ThrowsAsync<EtcdPublishConflictException>(() => bob.CommitAsync(bobPlan));

        Assert.Contains("another publish reached " + prefix + " first", ex.Message, StringComparison.Ordinal);
        Assert.Contains("release 1 (by alice", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was written", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.CurrentRelease);
        Assert.Equal(before, await raw.RevisionAsync());

        // Publishing again applies bob's change on top.
        var retry = await bob.PublishAsync(b.Path, "bob");
        Assert.Equal(2, retry.Release.Number);
    }

    [Fact]
    public async Task A_write_behind_the_publishers_back_also_stops_a_publish()
    {
        var prefix = NewPrefix();
        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 1);
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };
        var plan = await publisher.PrepareAsync(dir.Path);
        using var raw = new RawEtcd(etcd.Endpoints);
        await raw.PutAsync(prefix + "/base.yaml", "hand: edited\n");

        var ex = await Assert.ThrowsAsync<EtcdPublishConflictException>(() => publisher.CommitAsync(plan));

        Assert.Contains("changed after revision", ex.Message, StringComparison.Ordinal);
        Assert.Equal("hand: edited\n", (await raw.GetPrefixAsync(prefix + "/"))[prefix + "/base.yaml"]);
    }

    [Fact]
    public async Task Rolling_back_republishes_an_earlier_release_as_a_new_one()
    {
        var prefix = NewPrefix();
        using var dir = new TempDir();
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };
        ReleaseConfig.Write(dir, 1);
        var first = await publisher.PublishAsync(dir.Path, "ci");
        ReleaseConfig.Write(dir, 2);
        dir.Write("environments/staging.yaml", "env_marker: 2\n");
        await publisher.PublishAsync(dir.Path, "ci");

        var rollback = await publisher.RollbackAsync(1, "oncall");

        Assert.True(rollback.Published);
        Assert.Equal(3, rollback.Release.Number);
        Assert.Equal(1, rollback.Release.RolledBackFrom);
        Assert.Equal("rollback to release 1", rollback.Release.Message);
        Assert.Equal(first.Release.ContentHash, rollback.Release.ContentHash);
        Assert.Equal(["environments/staging.yaml"], rollback.Deleted);

        await using var fleet = await EtcdConfiguration.ConnectAsync(etcd.Options(prefix), NoVariables());
        Assert.Equal(1, ReleaseConfig.ReleaseOf(fleet.Manager.With("production", "worker").Load()));
        Assert.Equal(3, fleet.Current.Release!.Number);

        var again = await publisher.RollbackAsync(1);
        Assert.False(again.Published);
    }

    [Fact]
    public async Task Rolling_back_to_a_release_that_does_not_exist_is_not_found()
    {
        using var publisher = new EtcdPublisher(etcd.Options(NewPrefix()));
        var ex = await Assert.ThrowsAsync<EtcdReleaseNotFoundException>(() => publisher.RollbackAsync(42));
        Assert.Equal(42, ex.Release);
        Assert.Contains("release 42 not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_content_survives_compaction()
    {
        var prefix = NewPrefix();
        using var dir = new TempDir();
        using var publisher = new EtcdPublisher(etcd.Options(prefix)) { ValidationOptions = NoVariables() };
        ReleaseConfig.Write(dir, 1);
        await publisher.PublishAsync(dir.Path);
        ReleaseConfig.Write(dir, 2);
        await publisher.PublishAsync(dir.Path);
        using var raw = new RawEtcd(etcd.Endpoints);
        await raw.CompactAsync(await raw.RevisionAsync());

        var rollback = await publisher.RollbackAsync(1);

        Assert.Equal(3, rollback.Release.Number);
        Assert.Equal("marker: 1\nbase_marker: 1\nservice:\n  name: fleet\n  port: 8001\n", (await raw.GetPrefixAsync(prefix + "/"))[prefix + "/base.yaml"]);
    }

    [Fact]
    public async Task An_unreachable_etcd_is_one_clear_error()
    {
        var options = new EtcdOptions { Prefix = "/p", RequestTimeout = TimeSpan.FromSeconds(1) }.WithEndpoints($"http://127.0.0.1:{FreePort.Next()}");
        using var publisher = new EtcdPublisher(options);

        var ex = await Assert.ThrowsAsync<EtcdException>(() => publisher.GetReleasesAsync());

        Assert.StartsWith("cannot read the release history of /p: etcd at http://127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Matches("(is unreachable|did not answer within 1 s)", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task An_etcd_that_never_answers_times_out_in_one_clear_error()
    {
        // A listener that accepts connections and never says a word.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var options = new EtcdOptions { Prefix = "/p", RequestTimeout = TimeSpan.FromSeconds(1) }.WithEndpoints($"http://127.0.0.1:{port}");
        using var publisher = new EtcdPublisher(options);

        var ex = await Assert.ThrowsAsync<EtcdException>(() => publisher.GetCurrentReleaseAsync());

        Assert.Equal($"cannot read the current release of /p: etcd at http://127.0.0.1:{port} did not answer within 1 s", ex.Message);
    }

    [Fact]
    public async Task A_dead_endpoint_in_the_list_is_skipped()
    {
        var prefix = NewPrefix();
        var options = new EtcdOptions { Prefix = prefix }.WithEndpoints($"http://127.0.0.1:{FreePort.Next()},{etcd.Endpoints}");
        using var dir = new TempDir();
        ReleaseConfig.Write(dir, 1);
        using var publisher = new EtcdPublisher(options) { ValidationOptions = NoVariables() };

        for (var i = 0; i < 4; i++)
        {
            ReleaseConfig.Write(dir, i + 1);
            Assert.Equal(i + 1, (await publisher.PublishAsync(dir.Path)).Release.Number);
        }
    }
}
