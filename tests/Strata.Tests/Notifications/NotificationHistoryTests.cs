using Strata.Notifications;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationHistoryTests
{
    private static ConfigurationNotificationManager Manager(int historySize = NotificationOptions.DefaultHistorySize) => new(new NotificationOptions
    {
        EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback },
        HistorySize = historySize,
        ShutdownTimeout = Patience,
    });

    [Fact]
    public async Task History_keeps_the_last_N_notifications_oldest_first()
    {
        await using var manager = Manager(historySize: 3);
        for (var v = 1; v <= 5; v++)
        {
            manager.Publish(Numbered(v));
        }

        Assert.Equal([3L, 4L, 5L], manager.GetHistory().Select(n => n.Version));
    }

    [Fact]
    public async Task History_is_on_by_default_and_keeps_a_hundred()
    {
        await using var manager = new ConfigurationNotificationManager();
        Assert.Equal(100, manager.Options.HistorySize);
        for (var v = 1; v <= 150; v++)
        {
            manager.Publish(Numbered(v));
        }

        var history = manager.GetHistory();
        Assert.Equal(100, history.Count);
        Assert.Equal(51, history[0].Version);
        Assert.Equal(150, history[^1].Version);
    }

    [Fact]
    public async Task History_can_be_queried_by_event_type()
    {
        await using var manager = Manager();
        manager.Publish(Loaded());
        manager.Publish(Numbered(2, ReloadEvent.FileChanged));
        manager.Publish(Numbered(2));
        manager.Publish(Failed(2));
        manager.Publish(Numbered(3));

        Assert.Equal([2L, 3L], manager.GetHistory(ReloadEvent.ConfigReloaded).Select(n => n.Version));
        Assert.Single(manager.GetHistory(ReloadEvent.ConfigFailed));
        Assert.Empty(manager.GetHistory(ReloadEvent.ConfigRolledBack));
        Assert.Equal(5, manager.GetHistory().Count);
    }

    [Fact]
    public async Task A_history_size_of_zero_keeps_nothing()
    {
        await using var manager = Manager(historySize: 0);
        manager.Publish(Numbered(1));
        Assert.Empty(manager.GetHistory());
    }

    [Fact]
    public void A_negative_history_size_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Manager(historySize: -1));
        Assert.Contains("NotificationOptions.HistorySize must not be negative (was -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_masks_secrets_and_does_not_keep_snapshots()
    {
        await using var manager = Manager();
        var after = Replace(BaseYaml, "hunter2-secret", "rotated-pa55word");
        manager.Publish(Reloaded(BaseYaml, after, 2, message: "password is now rotated-pa55word"));

        var kept = Assert.Single(manager.GetHistory());
        Assert.Equal("password is now ***", kept.Message);
        var change = Assert.Single(kept.Changes);
        Assert.Equal("redis.password", change.Path.Text);
        Assert.Equal("***", change.NewValue!.ToString());
        Assert.Null(kept.OldSnapshot);
        Assert.Null(kept.NewSnapshot);
    }

    [Fact]
    public async Task Clearing_the_history_forgets_what_was_kept()
    {
        await using var manager = Manager();
        manager.Publish(Numbered(1));
        manager.ClearHistory();
        Assert.Empty(manager.GetHistory());
        manager.Publish(Numbered(2));
        Assert.Equal([2L], manager.GetHistory().Select(n => n.Version));
    }

    [Fact]
    public async Task Readers_see_a_consistent_bounded_history_while_thousands_of_notifications_are_published()
    {
        const int publisherCount = 4;
        const int perPublisher = 2500;
        const int size = 64;
        await using var manager = Manager(historySize: size);
        using var done = new CancellationTokenSource();
        var reads = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var history = manager.GetHistory();
                Assert.True(history.Count <= size, $"history held {history.Count} notifications");

                // Each publisher numbers its own notifications in order; a snapshot of the history keeps that order.
                foreach (var group in history.GroupBy(n => n.Message))
                {
                    var versions = group.Select(n => n.Version).ToList();
                    Assert.Equal(versions.Order(), versions);
                }

                Assert.All(manager.GetHistory(ReloadEvent.ConfigFailed), n => Assert.Equal(ReloadEvent.ConfigFailed, n.EventType));
                Interlocked.Increment(ref reads);
                reading.TrySetResult();
            }
        });

        await reading.Task.WaitAsync(Patience);
        var publishers = Enumerable.Range(0, publisherCount).Select(p => Task.Run(() =>
        {
            for (var v = 1; v <= perPublisher; v++)
            {
                manager.Publish(Numbered(v, v % 10 == 0 ? ReloadEvent.ConfigFailed : ReloadEvent.ConfigReloaded) with { Message = "publisher " + p });
                if (p == 0 && v % 500 == 0)
                {
                    // Every 500 notifications the first publisher waits for the reader to finish one more read, so
                    // reads interleave with publishing however the threads are scheduled.
                    var seen = Volatile.Read(ref reads);
                    Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref reads) > seen, Patience), "the reader stopped reading");
                }
            }
        })).ToArray();
        await Task.WhenAll(publishers).WaitAsync(Patience);
        await done.CancelAsync();
        await reader.WaitAsync(Patience);

        Assert.True(reads >= perPublisher / 500, $"only {reads} reads");
        var final = manager.GetHistory();
        Assert.Equal(size, final.Count);
        Assert.Equal(publisherCount * perPublisher, manager.GetStatistics().Sent);
        Assert.Contains(final, n => n.Version == perPublisher);
    }

    [Fact]
    public async Task Resetting_statistics_zeroes_every_counter_and_keeps_the_subscribers()
    {
        await using var manager = Manager();
        var subscriber = new RecordingSubscriber(NotificationFilter.ForEvents(ReloadEvent.ConfigReloaded));
        manager.Subscribe(subscriber, "recorder");
        manager.Publish(Numbered(1));
        manager.Publish(Numbered(1, ReloadEvent.FileChanged));
        Assert.True(await manager.FlushAsync(Patience));
        var before = manager.GetStatistics();
        Assert.Equal((2L, 1L, 1L), (before.Sent, before.Delivered, before.Filtered));

        manager.ResetStatistics();

        var after = manager.GetStatistics();
        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L), (after.Sent, after.Delivered, after.Failed, after.Dropped, after.TimedOut, after.Filtered));
        Assert.All(after.Channels.Values, c => Assert.Equal(0, c.Delivered + c.Filtered));
        var recorder = Assert.Single(after.Subscribers);
        Assert.Equal((0L, 0L), (recorder.Delivered, recorder.Filtered));
        Assert.Equal(2, manager.GetHistory().Count);

        manager.Publish(Numbered(2));
        await subscriber.WaitForAsync(2);
        Assert.True(await manager.FlushAsync(Patience));
        Assert.Equal((1L, 1L), (manager.GetStatistics().Sent, manager.GetStatistics().Delivered));
    }

    [Fact]
    public async Task Statistics_read_as_one_line()
    {
        await using var manager = Manager();
        manager.Subscribe(new RecordingSubscriber(), "recorder");
        manager.Subscribe(new ThrowingAsyncSubscriber(), "broken");
        manager.Publish(Numbered(1));
        manager.Publish(Numbered(2));
        Assert.True(await manager.FlushAsync(Patience));

        Assert.Equal(
            "sent 2, delivered 2, failed 2, dropped 0, timed out 0, filtered 0, queued 0, 2 subscribers; callback: 2 delivered; async-callback: 2 failed",
            manager.GetStatistics().ToString());
        Assert.Equal(
            "sent 0, delivered 0, failed 0, dropped 0, timed out 0, filtered 0, queued 0, 0 subscribers",
            new NotificationStatistics().ToString());
    }
}
