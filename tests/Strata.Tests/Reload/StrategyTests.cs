using Strata.Notifications;
using Strata.Reload;

namespace Strata.Tests.Reload;

public class StrategyTests
{
    [Fact]
    public async Task Immediate_reloads_once_the_burst_has_settled()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Immediate).StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Time.Advance(h.Options.SettleDelay / 2);
        h.Edit("base.yaml", "a: 3\nb: 3\n");
        h.Time.Advance(h.Options.SettleDelay / 2);
        await h.Settle();
        Assert.Equal(1, h.Reloader.Current.Version);

        h.Time.Advance(h.Options.SettleDelay);
        var v2 = await h.WaitForVersion(2);
        Assert.Equal(3, v2.Get<int>("a"));
        await h.Settle();
        Assert.Equal(2, h.Reloader.Current.Version);
        Assert.Equal(1, h.Reloader.GetStatistics().Reloads);
    }

    [Fact]
    public async Task Batched_waits_for_the_delay_after_the_last_change()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Batched, configure: o => o.BatchDelay = TimeSpan.FromSeconds(1)).StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Time.Advance(TimeSpan.FromMilliseconds(900));
        h.Edit("base.yaml", "a: 3\nb: 3\n");
        h.Time.Advance(TimeSpan.FromMilliseconds(900));
        await h.Settle();
        Assert.Equal(1, h.Reloader.Current.Version);
        h.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, (await h.WaitForVersion(2)).Get<int>("a"));
    }

    [Fact]
    public async Task Batched_reloads_at_once_when_max_batch_size_files_changed()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Batched, configure: o =>
        {
            o.BatchDelay = TimeSpan.FromHours(1);
            o.MaxBatchSize = 3;
        }).StartAsync();
        h.Edit("base.d/one.yaml", "one: 1\n");
        h.Edit("base.d/two.yaml", "two: 2\n");
        await h.Settle();
        Assert.Equal(1, h.Reloader.Current.Version);
        h.Edit("base.d/three.yaml", "three: 3\n");
        var v2 = await h.WaitForVersion(2);
        Assert.Equal(3, v2.Get<int>("three"));
    }

    [Fact]
    public async Task Scheduled_reloads_on_the_interval_only_when_something_changed()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Scheduled, configure: o => o.ScheduleInterval = TimeSpan.FromSeconds(5)).StartAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Settle();
        Assert.Equal(0, h.Reloader.GetStatistics().IdenticalSkipped + h.Reloader.GetStatistics().Reloads);

        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Time.Advance(TimeSpan.FromSeconds(4));
        await h.Settle();
        Assert.Equal(1, h.Reloader.Current.Version);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await h.WaitForVersion(2)).Get<int>("a"));
    }

    [Fact]
    public async Task Manual_collects_pending_changes_and_reloads_only_when_asked()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Settle();
        Assert.Equal(1, h.Reloader.Current.Version);
        Assert.Equal(["base.yaml"], h.Reloader.GetPendingChanges());
        Assert.Equal(1, h.Reloader.GetStatistics().PendingChanges);

        var outcome = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Published, outcome.Status);
        Assert.Equal(2, outcome.Current.Version);
        Assert.Equal(["a", "b"], outcome.Changes.Select(c => c.Path.Text));
        Assert.Empty(h.Reloader.GetPendingChanges());
    }

    [Fact]
    public async Task ReloadNow_works_in_every_strategy()
    {
        foreach (var strategy in Enum.GetValues<ReloadStrategy>())
        {
            await using var h = await new ReloadHarness(strategy).StartAsync();
            h.Files.Write("base.yaml", "a: 5\nb: 5\n");
            var outcome = await h.Reloader.ReloadNowAsync();
            Assert.Equal(ReloadStatus.Published, outcome.Status);
            Assert.Equal(5, h.Reloader.Current.Get<int>("a"));
        }
    }

    [Fact]
    public async Task Sighup_reloads_in_every_strategy()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var h = await new ReloadHarness(ReloadStrategy.Manual, configure: o => o.ReloadOnSigHup = true).StartAsync();
        h.Files.Write("base.yaml", "a: 7\nb: 7\n");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-HUP", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.Equal(7, (await h.WaitForVersion(2)).Get<int>("a"));
    }

    [Fact]
    public async Task File_changed_is_reported_once_per_file_until_the_reload()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        h.Edit("base.yaml", "a: 2\nb: 2\n");
        h.Edit("base.yaml", "a: 3\nb: 3\n");
        await h.Settle();
        Assert.Equal([ReloadEvent.ConfigLoaded, ReloadEvent.FileChanged], h.Events);
    }
}
