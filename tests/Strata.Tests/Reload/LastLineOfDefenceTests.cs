using Microsoft.Extensions.Logging;
using Strata.Hierarchy;
using Strata.Migration;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;
using Strata.Snapshots;
using Strata.Validation;

namespace Strata.Tests.Reload;

/// <summary>
/// Whatever a stage throws, a reload ends in <c>config_failed</c> with the last good snapshot kept, and the worker
/// goes on: the next good edit publishes the next version.
/// </summary>
public class LastLineOfDefenceTests
{
    public static TheoryData<ReloadStrategy, string, string> FileSystemFaults => new()
    {
        { ReloadStrategy.Manual, "io", "base.yaml:1:1: cannot read the file: the disk is on fire" },
        { ReloadStrategy.Manual, "access", "base.yaml:1:1: cannot read the file: Access to the path is denied." },
        { ReloadStrategy.Manual, "invalid", "base.yaml:1:1: unexpected error: InvalidOperationException (details in the log)" },
        { ReloadStrategy.Immediate, "io", "base.yaml:1:1: cannot read the file: the disk is on fire" },
        { ReloadStrategy.Immediate, "invalid", "base.yaml:1:1: unexpected error: InvalidOperationException (details in the log)" },
        { ReloadStrategy.Batched, "invalid", "base.yaml:1:1: unexpected error: InvalidOperationException (details in the log)" },
        { ReloadStrategy.Scheduled, "invalid", "base.yaml:1:1: unexpected error: InvalidOperationException (details in the log)" },
    };

    public static TheoryData<ReloadStrategy> Strategies => [ReloadStrategy.Manual, ReloadStrategy.Immediate, ReloadStrategy.Batched, ReloadStrategy.Scheduled];

    [Theory]
    [MemberData(nameof(FileSystemFaults))]
    public async Task A_file_that_throws_while_read_fails_the_reload_and_the_next_good_edit_reloads(ReloadStrategy strategy, string fault, string expected)
    {
        await using var h = await new ReloadHarness(strategy).StartAsync();
        h.Faults.FailReads("base.yaml", Fault(fault));

        var failed = await Trigger(h, "base.yaml", "a: 2\nb: 2\n");

        Assert.Equal(expected, failed.Errors.Single().ToString());
        await AssertStillAliveAsync(h);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_file_system_that_throws_from_every_call_fails_the_reload_and_the_worker_survives(ReloadStrategy strategy)
    {
        await using var h = await new ReloadHarness(strategy).StartAsync();
        h.Faults.FailEverythingAfter(0, new InvalidOperationException("the store went away"));

        var failed = await Trigger(h, "base.yaml", "a: 2\nb: 2\n");

        Assert.Equal("unexpected error: InvalidOperationException (details in the log)", failed.Errors.Single().ToString());
        await AssertStillAliveAsync(h);
    }

    [Fact]
    public async Task An_unexpected_exception_is_logged_with_its_stack_trace_and_reported_without_it()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        var thrown = Throw(new InvalidOperationException("line one\nline two"));
        h.Faults.FailReads("base.yaml", thrown);

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal("base.yaml:1:1: unexpected error: InvalidOperationException (details in the log)", outcome.Errors.Single().ToString());
        var logged = h.Log.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Error && r.Exception is not null);
        Assert.Same(thrown, logged.Exception);
        Assert.NotNull(logged.Exception!.StackTrace);
        Assert.DoesNotContain(" at ", outcome.Errors.Single().ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_validator_that_throws_fails_the_reload_and_the_next_good_edit_reloads(ReloadStrategy strategy)
    {
        var validator = new ThrowingValidator();
        await using var h = await new ReloadHarness(strategy, managerOptions: new EnvironmentConfigOptions { Validator = validator }).StartAsync();
        validator.Throws = true;

        var failed = await Trigger(h, "base.yaml", "a: 2\nb: 2\n");

        Assert.Equal("unexpected error: InvalidOperationException (details in the log)", failed.Errors.Single().ToString());
        validator.Throws = false;
        await AssertStillAliveAsync(h);
    }

    [Fact]
    public async Task A_migrator_that_throws_fails_the_reload_at_the_file_it_was_migrating()
    {
        var migrator = new ThrowingMigrator();
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, managerOptions: new EnvironmentConfigOptions { Migrator = migrator }).StartAsync();
        migrator.Throws = true;
        h.Files.Write("base.yaml", "a: 2\nb: 2\n");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Failed, outcome.Status);
        Assert.Equal("base.yaml:1:1: unexpected error: NotSupportedException (details in the log)", outcome.Errors.Single().ToString());
        migrator.Throws = false;
        await AssertStillAliveAsync(h);
    }

    [Fact]
    public async Task A_start_up_read_that_throws_is_a_load_exception_and_a_config_failed_and_start_up_can_be_retried()
    {
        var h = new ReloadHarness(ReloadStrategy.Immediate);
        await using (h)
        {
            h.Faults.FailReads("base.yaml", new InvalidOperationException("Cannot read a surrogate pair."));

            var thrown = await Assert.ThrowsAsync<ConfigurationLoadException>(() => h.Reloader.StartAsync());

            const string expected = "base.yaml:1:1: unexpected error: InvalidOperationException (details in the log)";
            Assert.Equal(expected, thrown.Errors.Single().ToString());
            await h.Reloader.FlushNotificationsAsync();
            var failed = h.Notifications.Single();
            Assert.Equal(ReloadEvent.ConfigFailed, failed.EventType);
            Assert.Equal(0, failed.Version);
            Assert.Equal(expected, failed.Errors.Single().ToString());
            Assert.False(h.Reloader.IsMonitoring);
            Assert.Throws<InvalidOperationException>(() => h.Reloader.Current);

            h.Faults.Heal();
            await h.Reloader.StartAsync();
            Assert.Equal(1, h.Reloader.Current.Version);
            Assert.True(h.Reloader.IsMonitoring);
        }
    }

    [Fact]
    public async Task A_start_up_validator_that_throws_is_a_load_exception_and_a_config_failed()
    {
        var validator = new ThrowingValidator { Throws = true };
        var h = new ReloadHarness(ReloadStrategy.Manual, managerOptions: new EnvironmentConfigOptions { Validator = validator });
        await using (h)
        {
            var thrown = await Assert.ThrowsAsync<ConfigurationLoadException>(() => h.Reloader.StartAsync());

            Assert.Equal("unexpected error: InvalidOperationException (details in the log)", thrown.Message);
            await h.Reloader.FlushNotificationsAsync();
            Assert.Equal([ReloadEvent.ConfigFailed], h.Events);
        }
    }

    [Fact]
    public async Task Start_up_load_errors_still_throw_every_error_found()
    {
        var h = new ReloadHarness(ReloadStrategy.Manual, "a: [\n");
        await using (h)
        {
            h.Files.Write("environments/development.yaml", "b: {\n");

            var thrown = await Assert.ThrowsAsync<ConfigurationLoadException>(() => h.Reloader.StartAsync());

            Assert.Equal(["base.yaml", "environments/development.yaml"], thrown.Errors.Select(e => e.File));
            await h.Reloader.FlushNotificationsAsync();
            Assert.Equal(thrown.Errors, h.Notifications.Single(n => n.EventType == ReloadEvent.ConfigFailed).Errors);
        }
    }

    [Fact]
    public async Task A_json_string_the_parser_cannot_decode_fails_the_reload_at_its_file_and_the_worker_goes_on()
    {
        var h = new ReloadHarness(ReloadStrategy.Manual);
        await using (h)
        {
            h.Files.Write("environments/development.json", "{\"name\": \"ok\"}");
            await h.StartAsync();
            h.Files.Write("environments/development.json", "{\"name\": \"\\uD800\"}");

            var outcome = await h.Reloader.ReloadNowAsync();

            Assert.Equal(ReloadStatus.Failed, outcome.Status);
            Assert.Equal("environments/development.json", outcome.Errors.Single().File);
            Assert.Equal("ok", h.Reloader.Current.Get<string>("name"));
            h.Files.Write("environments/development.json", "{\"name\": \"fixed\"}");
            var next = await h.Reloader.ReloadNowAsync();
            Assert.Equal(ReloadStatus.Published, next.Status);
            Assert.Equal("fixed", next.Current.Get<string>("name"));
        }
    }

    [Fact]
    public async Task A_json_string_the_parser_cannot_decode_at_start_up_is_a_load_exception_at_its_file()
    {
        var h = new ReloadHarness(ReloadStrategy.Immediate);
        await using (h)
        {
            h.Files.Write("environments/development.json", "{\"name\": \"\\uDC00\"}");

            var thrown = await Assert.ThrowsAsync<ConfigurationLoadException>(() => h.Reloader.StartAsync());

            Assert.Equal("environments/development.json", thrown.Errors.Single().File);
            Assert.False(h.Reloader.IsMonitoring);
        }
    }

    [Fact]
    public async Task A_published_snapshot_handler_that_throws_never_stops_the_worker()
    {
        var h = new ReloadHarness(ReloadStrategy.Immediate);
        await using (h)
        {
            using var handler = h.Reloader.OnSnapshotPublished(s => throw new InvalidOperationException("handler broke at v" + s.Version));
            await h.StartAsync();

            h.Edit("base.yaml", "a: 2\nb: 2\n");
            h.Time.Advance(h.Options.SettleDelay);
            Assert.Equal(2, (await h.WaitForVersion(2)).Get<int>("a"));
            h.Edit("base.yaml", "a: 3\nb: 3\n");
            h.Time.Advance(h.Options.SettleDelay);
            Assert.Equal(3, (await h.WaitForVersion(3)).Get<int>("a"));
            await h.Settle();
            Assert.Equal([ReloadEvent.ConfigLoaded, ReloadEvent.ConfigReloaded, ReloadEvent.ConfigReloaded], h.Events.Where(e => e != ReloadEvent.FileChanged));
            Assert.Contains(h.Log.Collector.GetSnapshot(), r => r.Exception is InvalidOperationException { Message: "handler broke at v3" });
        }
    }

    [Fact]
    public async Task A_subscriber_that_throws_never_stops_the_worker()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Immediate).StartAsync();
        using var subscription = h.Reloader.AddNotificationCallback(_ => throw new InvalidOperationException("subscriber broke"));

        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Time.Advance(h.Options.SettleDelay);
        await h.WaitForVersion(2);
        await AssertStillAliveAsync(h);
    }

    [Fact]
    public async Task A_health_check_that_throws_rejects_the_version_and_the_worker_goes_on()
    {
        var throwOnce = 1;
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, configure: o => o.HealthCheck = (_, _) =>
            Interlocked.Exchange(ref throwOnce, 0) == 1 ? throw new TimeoutException("probe timed out") : ValueTask.FromResult(true)).StartAsync();
        h.Files.Write("base.yaml", "a: 2\nb: 2\n");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.RolledBack, outcome.Status);
        Assert.Equal(1, h.Reloader.Current.Get<int>("a"));
        await AssertStillAliveAsync(h);
    }

    /// <summary>Makes an edit reach the reloader the way <paramref name="h"/>'s strategy does, and returns the <c>config_failed</c> it must cause.</summary>
    private static async Task<ReloadNotification> Trigger(ReloadHarness h, string file, string content)
    {
        var before = h.Reloader.Current;
        h.Files.Write(file, content);
        if (h.Options.Strategy == ReloadStrategy.Manual)
        {
            var outcome = await h.Reloader.ReloadNowAsync();
            Assert.Equal(ReloadStatus.Failed, outcome.Status);
        }
        else
        {
            h.Source.Fire(file);
            h.Time.Advance(h.Options.Strategy switch
            {
                ReloadStrategy.Batched => h.Options.BatchDelay,
                ReloadStrategy.Scheduled => h.Options.ScheduleInterval,
                _ => h.Options.SettleDelay,
            });
        }

        await h.Settle();
        var failed = h.Notifications.Single(n => n.EventType == ReloadEvent.ConfigFailed);
        Assert.Same(before, h.Reloader.Current);
        Assert.Equal(before.Version, failed.Version);
        Assert.Equal(1, h.Reloader.GetStatistics().Failures);
        Assert.Equal(failed.Errors[0].ToString(), h.Reloader.GetStatistics().LastError);
        return failed;
    }

    /// <summary>After a failure, a good edit through the same strategy publishes exactly the next version.</summary>
    private static async Task AssertStillAliveAsync(ReloadHarness h)
    {
        h.Faults.Heal();
        var next = h.Reloader.Current.Version + 1;
        h.Files.Write("base.yaml", "a: 40\nb: 2\n");
        if (h.Options.Strategy == ReloadStrategy.Manual)
        {
            Assert.Equal(ReloadStatus.Published, (await h.Reloader.ReloadNowAsync()).Status);
        }
        else
        {
            h.Source.Fire("base.yaml");
            h.Time.Advance(h.Options.Strategy switch
            {
                ReloadStrategy.Batched => h.Options.BatchDelay,
                ReloadStrategy.Scheduled => h.Options.ScheduleInterval,
                _ => h.Options.SettleDelay,
            });
        }

        var published = await h.WaitForVersion(next);
        Assert.Equal(next, published.Version);
        Assert.Equal(40, published.Get<int>("a"));
        await h.Settle();
        Assert.Equal(next, h.Reloader.Current.Version);
        Assert.True(h.Reloader.IsMonitoring);
    }

    private static Exception Fault(string kind) => kind switch
    {
        "io" => new IOException("the disk is on fire"),
        "access" => new UnauthorizedAccessException("Access to the path is denied."),
        _ => new InvalidOperationException("Cannot read a surrogate pair."),
    };

    /// <summary>Returns <paramref name="exception"/> after throwing it once, so it carries a stack trace.</summary>
    private static Exception Throw(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception thrown)
        {
            return thrown;
        }
    }

    private sealed class ThrowingValidator : IConfigSnapshotValidator
    {
        public volatile bool Throws;

        public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot) =>
            Throws ? throw new InvalidOperationException("the validator broke") : [];
    }

    private sealed class ThrowingMigrator : IConfigLayerMigrator
    {
        public volatile bool Throws;

        public LayerMigrationResult Migrate(ConfigMap layer, string source) =>
            Throws ? throw new NotSupportedException("cannot migrate this") : LayerMigrationResult.Unchanged(layer);
    }
}
