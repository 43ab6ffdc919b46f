using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;
using Strata.Snapshots;
using Strata.Validation;

namespace Strata.Tests.Reload;

public class ReloadBehaviourTests
{
    [Fact]
    public async Task An_invalid_edit_never_goes_live_and_reports_file_line()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Files.Write("base.yaml", "a: 2\nb: [\n");
        var outcome = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Failed, outcome.Status);
        Assert.Equal(1, h.Reloader.Current.Version);
        Assert.Equal(1, h.Reloader.Current.Get<int>("a"));
        var error = outcome.Errors.Single();
        Assert.Equal("base.yaml", error.File);
        Assert.True(error.Line >= 2);
        await h.Settle();
        var failed = h.Notifications.Single(n => n.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal(1, failed.Version);
        Assert.Equal(["base.yaml"], failed.Files);
        Assert.Equal(1, h.Reloader.GetStatistics().Failures);
        Assert.StartsWith("base.yaml:", h.Reloader.GetStatistics().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identical_content_makes_no_new_version()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Files.Write("base.yaml", "# reformatted\nb: 1\na:   1\n");
        var outcome = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Unchanged, outcome.Status);
        Assert.Equal(1, h.Reloader.Current.Version);
        await h.Settle();
        Assert.DoesNotContain(ReloadEvent.ConfigReloaded, h.Events);
        Assert.Equal(1, h.Reloader.GetStatistics().IdenticalSkipped);
    }

    [Fact]
    public async Task A_deleted_or_truncated_required_file_keeps_the_current_configuration()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Files.Write("base.yaml", string.Empty);
        var truncated = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Failed, truncated.Status);
        Assert.Contains("became empty", truncated.Errors.Single().Message, StringComparison.Ordinal);

        h.Files.Delete("base.yaml");
        var deleted = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Failed, deleted.Status);
        Assert.Equal("base.yaml", deleted.Errors.Single().File);
        Assert.Equal(1, h.Reloader.Current.Get<int>("a"));

        h.Files.Write("base.yaml", "a: 9\nb: 9\n");
        Assert.Equal(ReloadStatus.Published, (await h.Reloader.ReloadNowAsync()).Status);
        Assert.Equal(9, h.Reloader.Current.Get<int>("a"));
    }

    [Fact]
    public async Task A_layer_file_that_appears_later_is_picked_up()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Files.Write("environments/development.yaml", "a: 42\n");
        Assert.Equal(ReloadStatus.Published, (await h.Reloader.ReloadNowAsync()).Status);
        Assert.Equal(42, h.Reloader.Current.Get<int>("a"));
        Assert.Equal("environments/development.yaml", h.Reloader.Current.Explain("a").Winner.Source);
    }

    [Fact]
    public async Task A_change_during_a_reload_causes_exactly_one_more_reload()
    {
        var validator = new GateValidator();
        var managerOptions = new EnvironmentConfigOptions { Validator = validator };
        await using var h = new ReloadHarness(ReloadStrategy.Immediate, managerOptions: managerOptions);
        await h.StartAsync();
        validator.Block();

        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Time.Advance(h.Options.SettleDelay);
        await validator.Entered.WaitAsync(ReloadHarness.Patience);

        h.Edit("base.yaml", "a: 3\nb: 3\n");
        h.Time.Advance(h.Options.SettleDelay);
        validator.Release();

        var last = await h.WaitForVersion(3);
        await h.Settle();
        Assert.Equal(3, last.Get<int>("a"));
        Assert.Equal(3, h.Reloader.Current.Version);
        Assert.Equal(2, h.Reloader.GetStatistics().Reloads);
    }

    [Fact]
    public async Task History_and_rollback_republish_an_earlier_version_as_a_new_one()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, configure: o => o.MaxBackups = 3).StartAsync();
        for (var i = 2; i <= 4; i++)
        {
            h.Files.Write("base.yaml", $"a: {i}\nb: {i}\n");
            await h.Reloader.ReloadNowAsync();
        }

        Assert.Equal([2L, 3, 4], h.Reloader.History.Select(s => s.Version));
        var back = await h.Reloader.RollbackAsync();
        Assert.Equal(ReloadStatus.RolledBack, back.Status);
        Assert.Equal(5, back.Current.Version);
        Assert.Equal(3, back.Current.Get<int>("a"));

        var to2 = await h.Reloader.RollbackToAsync(3);
        Assert.Equal(6, to2.Current.Version);
        Assert.Equal(3, to2.Current.Get<int>("a"));

        var missing = await h.Reloader.RollbackToAsync(1);
        Assert.Equal(ReloadStatus.Failed, missing.Status);
        Assert.Contains("not retained", missing.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(6, h.Reloader.Current.Version);
        await h.Settle();
        Assert.Equal(2, h.Notifications.Count(n => n.EventType == ReloadEvent.ConfigRolledBack));
        Assert.Equal(2, h.Reloader.GetStatistics().Rollbacks);
    }

    [Fact]
    public async Task A_version_that_fails_the_health_check_is_rolled_back_automatically()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, configure: o =>
            o.HealthCheck = (s, _) => ValueTask.FromResult(s.Get<int>("a") < 100)).StartAsync();
        h.Files.Write("base.yaml", "a: 500\nb: 1\n");
        var outcome = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.RolledBack, outcome.Status);
        Assert.Equal(3, h.Reloader.Current.Version);
        Assert.Equal(1, h.Reloader.Current.Get<int>("a"));
        await h.Settle();
        Assert.Equal([ReloadEvent.ConfigLoaded, ReloadEvent.ConfigReloaded, ReloadEvent.ConfigRolledBack], h.Events);
    }

    [Fact]
    public async Task Backups_are_written_atomically_with_mode_0600_redacted_and_pruned()
    {
        using var backups = new TempConfigDir();
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, "a: 1\nredis:\n  password: hunter2\n", o =>
        {
            o.BackupDirectory = backups.Path;
            o.MaxBackups = 2;
        }).StartAsync();
        for (var i = 2; i <= 4; i++)
        {
            h.Files.Write("base.yaml", $"a: {i}\nredis:\n  password: hunter{i}\n");
            await h.Reloader.ReloadNowAsync();
        }

        var files = h.Reloader.GetConfigBackups();
        Assert.Equal(2, files.Count);
        Assert.EndsWith("config-v000004.yaml", files[^1], StringComparison.Ordinal);
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("hunter", text, StringComparison.Ordinal);
            Assert.Contains("***", text, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        Assert.Empty(Directory.EnumerateFiles(backups.Path, "*.tmp"));
    }

    [Fact]
    public async Task Unchanged_files_are_not_parsed_again()
    {
        var h = new ReloadHarness(ReloadStrategy.Manual);
        await using (h)
        {
            for (var i = 0; i < 49; i++)
            {
                h.Files.Write($"base.d/part{i:D2}.yaml", $"part{i}:\n  value: {i}\n");
            }

            await h.StartAsync();
            Assert.Equal(50, h.Reloader.GetStatistics().FilesParsed);
            h.Files.Write("base.d/part07.yaml", "part7:\n  value: 700\n");
            var outcome = await h.Reloader.ReloadNowAsync();
            Assert.Equal(["base.d/part07.yaml"], outcome.Files);
            Assert.Equal(51, h.Reloader.GetStatistics().FilesParsed);
            Assert.Equal(700, h.Reloader.Current.Get<int>("part7.value"));
        }
    }

    [Fact]
    public async Task Readers_never_see_a_torn_or_unpublished_snapshot_during_thousands_of_reloads()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, "a: 0\nb: 0\nnested:\n  c: 0\n").StartAsync();
        const int reloads = 3000;
        using var stop = new CancellationTokenSource();
        var published = new System.Collections.Concurrent.ConcurrentDictionary<long, int> { [1] = 0 };
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            long reads = 0, lastVersion = 0;
            while (!stop.IsCancellationRequested)
            {
                var s = h.Reloader.Current;
                var a = s.Get<int>("a");
                Assert.Equal(a, s.Get<int>("b"));
                Assert.Equal(a, s.Get<int>("nested.c"));
                Assert.True(s.Version >= lastVersion, "versions never go backwards for a reader");
                Assert.Equal(s.Version - 1, a);
                lastVersion = s.Version;
                reads++;
            }

            return reads;
        })).ToArray();

        for (var i = 1; i <= reloads; i++)
        {
            h.Files.Write("base.yaml", $"a: {i}\nb: {i}\nnested:\n  c: {i}\n");
            var outcome = await h.Reloader.ReloadNowAsync();
            Assert.Equal(ReloadStatus.Published, outcome.Status);
            published[outcome.Current.Version] = i;
        }

        await stop.CancelAsync();
        var totalReads = (await Task.WhenAll(readers)).Sum();
        Assert.Equal(reloads + 1, h.Reloader.Current.Version);
        Assert.True(totalReads > reloads);
    }

    [Fact]
    public async Task Published_handlers_run_before_any_subscriber_hears_of_the_version()
    {
        var h = new ReloadHarness(ReloadStrategy.Manual);
        await using (h)
        {
            long seen = 0;
            var late = 0;
            using var handler = h.Reloader.OnSnapshotPublished(s => Volatile.Write(ref seen, s.Version));
            using var subscriber = h.Reloader.AddNotificationCallback(n =>
            {
                if (n.EventType is ReloadEvent.ConfigReloaded or ReloadEvent.ConfigLoaded && Volatile.Read(ref seen) < n.Version)
                {
                    Interlocked.Increment(ref late);
                }
            });
            await h.StartAsync();
            for (var i = 2; i <= 50; i++)
            {
                h.Files.Write("base.yaml", $"a: {i}\nb: {i}\n");
                await h.Reloader.ReloadNowAsync();
            }

            await h.Settle();
            Assert.Equal(50, Volatile.Read(ref seen));
            Assert.Equal(0, Volatile.Read(ref late));
        }
    }

    [Fact]
    public async Task Stopping_waits_for_a_reload_that_runs_on_the_callers_thread()
    {
        // With nothing queued, ReloadNowAsync runs on the caller's thread; StopAsync must still wait for it to end.
        var validator = new GateValidator();
        await using var h = new ReloadHarness(ReloadStrategy.Manual, managerOptions: new EnvironmentConfigOptions { Validator = validator });
        await h.StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        validator.Block();
        var reload = Task.Run(() => h.Reloader.ReloadNowAsync());
        await validator.Entered.WaitAsync(ReloadHarness.Patience);

        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var stop = h.Reloader.StopAsync();
        Assert.False(stop.IsCompleted);
        var reloaded = reload.ContinueWith(_ => order.Enqueue("reload"), TaskScheduler.Default);
        var stopped = stop.ContinueWith(_ => order.Enqueue("stop"), TaskScheduler.Default);
        validator.Release();
        await Task.WhenAll(reloaded, stopped).WaitAsync(ReloadHarness.Patience);

        Assert.Equal(["reload", "stop"], order);
        Assert.Equal(ReloadStatus.Published, (await reload).Status);
        Assert.Equal(2, h.Reloader.Current.Get<int>("a"));
    }

    private sealed class GateValidator : IConfigSnapshotValidator
    {
        private readonly ManualResetEventSlim _open = new(true);
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Block()
        {
            _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _open.Reset();
        }

        public void Release() => _open.Set();

        public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot)
        {
            _entered.TrySetResult();
            _open.Wait(ReloadHarness.Patience);
            return [];
        }
    }
}
