using Strata.Hierarchy;
using Strata.Migration;
using Strata.Model;
using Strata.Reload;
using Strata.Snapshots;
using Strata.Validation;

namespace Strata.Tests.Reload;

public class ReloaderHousekeepingTests
{
    [Fact]
    public async Task Discarding_pending_changes_returns_them_and_empties_the_list()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Edit("base.d/extra.yaml", "c: 3\n");
        h.Source.Fire();
        await h.Settle();

        Assert.Equal(["*", "base.d/extra.yaml", "base.yaml"], h.Reloader.DiscardPendingChanges());
        Assert.Empty(h.Reloader.GetPendingChanges());
        Assert.Equal(0, h.Reloader.GetStatistics().PendingChanges);
        Assert.Empty(h.Reloader.DiscardPendingChanges());
        Assert.Equal(1, h.Reloader.Current.Version);
    }

    [Fact]
    public async Task Discarding_forgets_the_list_but_not_the_files_the_next_reload_reads()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        await h.Settle();
        h.Reloader.DiscardPendingChanges();

        var outcome = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Published, outcome.Status);
        Assert.Equal(2, outcome.Current.Get<int>("a"));
    }

    [Fact]
    public async Task A_change_after_a_discard_is_pending_again()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        await h.Settle();
        h.Reloader.DiscardPendingChanges();
        h.Edit("base.yaml", "a: 3\nb: 3\n");
        await h.Settle();
        Assert.Equal(["base.yaml"], h.Reloader.GetPendingChanges());
    }

    [Fact]
    public async Task Resetting_statistics_zeroes_the_counters_and_keeps_the_version_history_and_pending_changes()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Files.Write("base.yaml", "a: 2\nb: 2\n");
        await h.Reloader.ReloadNowAsync();
        h.Files.Write("base.yaml", "a: [broken\n");
        await h.Reloader.ReloadNowAsync();
        h.Edit("base.yaml", "a: 3\nb: 3\n");
        await h.Settle();
        var before = h.Reloader.GetStatistics();
        Assert.Equal(1, before.Reloads);
        Assert.Equal(1, before.Failures);
        Assert.NotNull(before.LastError);
        Assert.True(before.FilesParsed > 0);
        Assert.True(before.ChangeSignals > 0);

        h.Reloader.ResetStatistics();

        var after = h.Reloader.GetStatistics();
        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L), (after.Reloads, after.Failures, after.Rollbacks, after.IdenticalSkipped, after.ChangeSignals, after.FilesParsed));
        Assert.Null(after.LastError);
        Assert.Null(after.LastReloadAt);
        Assert.Equal(TimeSpan.Zero, after.LastDuration);
        Assert.Equal(2, after.CurrentVersion);
        Assert.Equal(2, after.Backups);
        Assert.Equal(1, after.PendingChanges);

        await h.Reloader.ReloadNowAsync();
        var counted = h.Reloader.GetStatistics();
        Assert.Equal(1, counted.Reloads);
        Assert.Equal(1, counted.FilesParsed);
    }

    [Fact]
    public async Task Statistics_say_the_strategy_the_backups_and_which_stages_are_on()
    {
        await using (var plain = await new ReloadHarness(ReloadStrategy.Batched).StartAsync())
        {
            var stats = plain.Reloader.GetStatistics();
            Assert.Equal(ReloadStrategy.Batched, stats.Strategy);
            Assert.Equal(1, stats.Backups);
            Assert.False(stats.MigrationEnabled);
            Assert.False(stats.ValidationEnabled);
            Assert.False(stats.RollbackEnabled); // EnableRollback is on by default, but nothing rejects a version without a health check
            Assert.False(stats.IsReloading);
        }

        var managerOptions = new EnvironmentConfigOptions { Validator = new NoProblems(), Migrator = new NoMigration() };
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, managerOptions: managerOptions, configure: o =>
        {
            o.HealthCheck = (_, _) => ValueTask.FromResult(true);
            o.MaxBackups = 2;
        }).StartAsync();
        for (var i = 2; i <= 4; i++)
        {
            h.Files.Write("base.yaml", $"a: {i}\nb: 1\n");
            await h.Reloader.ReloadNowAsync();
        }

        var full = h.Reloader.GetStatistics();
        Assert.Equal(ReloadStrategy.Manual, full.Strategy);
        Assert.Equal(2, full.Backups);
        Assert.True(full.MigrationEnabled);
        Assert.True(full.ValidationEnabled);
        Assert.True(full.RollbackEnabled);
    }

    [Fact]
    public async Task Statistics_say_when_a_reload_is_running()
    {
        var checking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, configure: o => o.HealthCheck = async (_, _) =>
        {
            checking.TrySetResult();
            await release.Task;
            return true;
        }).StartAsync();
        h.Files.Write("base.yaml", "a: 2\nb: 2\n");

        var reload = h.Reloader.ReloadNowAsync();
        await checking.Task.WaitAsync(ReloadHarness.Patience);
        Assert.True(h.Reloader.GetStatistics().IsReloading);
        Assert.Contains(", reloading,", h.Reloader.GetStatistics().ToString(), StringComparison.Ordinal);

        release.SetResult();
        await reload.WaitAsync(ReloadHarness.Patience);
        Assert.False(h.Reloader.GetStatistics().IsReloading);
    }

    [Fact]
    public async Task Statistics_read_as_one_line()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Files.Write("base.yaml", "a: 2\nb: 2\n");
        await h.Reloader.ReloadNowAsync();
        h.Files.Write("base.yaml", "a: [broken\n");
        await h.Reloader.ReloadNowAsync();
        h.Edit("base.yaml", "a: 3\nb: 3\n");
        await h.Settle();

        var text = h.Reloader.GetStatistics().ToString();

        Assert.DoesNotContain('\n', text);
        Assert.StartsWith(
            "version 2, 1 reload, 1 failure, 0 rollbacks, 0 identical skipped, strategy manual, watcher manual-test, monitoring, idle, 1 pending, 2 backups, migration off, validation off, rollback off, last reload ",
            text,
            StringComparison.Ordinal);
        Assert.Contains(" ms at 2026-11-27T12:00:00.000Z, last error: base.yaml:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Statistics_of_a_reloader_that_never_ran_read_as_one_line_too()
    {
        Assert.Equal(
            "version 0, 0 reloads, 0 failures, 0 rollbacks, 0 identical skipped, strategy immediate, watcher none, stopped, idle, 0 pending, 0 backups, migration off, validation off, rollback off",
            new ReloadStatistics().ToString());
    }

    private sealed class NoProblems : IConfigSnapshotValidator
    {
        public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot) => [];
    }

    private sealed class NoMigration : IConfigLayerMigrator
    {
        public LayerMigrationResult Migrate(ConfigMap layer, string source) => LayerMigrationResult.Unchanged(layer);
    }
}
