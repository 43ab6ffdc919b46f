using Microsoft.Extensions.Time.Testing;
using Strata.Notifications;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationIsolationTests
{
    private static NotificationOptions Options(int maxQueue = 1000, TimeSpan? asyncTimeout = null) => new()
    {
        EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback },
        MaxQueueSize = maxQueue,
        AsyncTimeout = asyncTimeout ?? TimeSpan.FromSeconds(5),
        ShutdownTimeout = TimeSpan.Zero,
    };

    [Fact]
    public async Task A_hanging_and_a_throwing_async_subscriber_delay_nobody_and_everyone_else_gets_everything_in_order()
    {
        var time = new FakeTimeProvider(Start);
        var timeout = TimeSpan.FromSeconds(5);
        await using var manager = new ConfigurationNotificationManager(Options(asyncTimeout: timeout), timeProvider: time);
        var hanging = new HangingAsyncSubscriber();
        var throwing = new ThrowingAsyncSubscriber();
        var hangingSub = manager.Subscribe(hanging, "hangs");
        var throwingSub = manager.Subscribe(throwing, "throws");
        var syncs = Enumerable.Range(0, 3).Select(_ => new RecordingSubscriber()).ToList();
        var asyncs = Enumerable.Range(0, 3).Select(_ => new RecordingAsyncSubscriber()).ToList();
        syncs.ForEach(s => manager.Subscribe(s));
        asyncs.ForEach(s => manager.Subscribe(s));
        var callbackVersions = new List<long>();
        manager.AddCallback(n => callbackVersions.Add(n.Version));

        const int count = 200;
        for (var v = 1; v <= count; v++)
        {
            manager.Publish(Numbered(v)); // returns at once, whatever the subscribers do
        }

        await Task.WhenAll(syncs.Select(s => s.WaitForAsync(count)).Concat(asyncs.Select(s => s.WaitForAsync(count))));
        var expected = Enumerable.Range(1, count).Select(v => (long)v).ToList();
        Assert.All(syncs, s => Assert.Equal(expected, s.Versions));
        Assert.All(asyncs, s => Assert.Equal(expected, s.Versions));
        Assert.True(await throwingSub.FlushAsync(Patience));
        Assert.Equal(count, throwingSub.GetStatistics().Failed);

        // The hanging subscriber is stuck on its first notification; publishing went on regardless.
        await hanging.WaitEnteredAsync();
        Assert.Equal(1, hanging.Calls);
        Assert.False(await manager.FlushAsync(TimeSpan.Zero));

        // Each time its timeout elapses, the delivery is counted as timed out and it moves on to the next one.
        for (var i = 1; i <= 3; i++)
        {
            time.Advance(timeout);
            await hanging.WaitEnteredAsync();
            Assert.Equal(i, hangingSub.GetStatistics().TimedOut);
        }

        manager.Publish(Numbered(count + 1));
        await Task.WhenAll(syncs.Select(s => s.WaitForAsync(count + 1)));
        Assert.All(syncs, s => Assert.Equal(count + 1, s.Versions[^1]));
        Assert.True(await throwingSub.FlushAsync(Patience));

        var stats = manager.GetStatistics();
        Assert.Equal(count + 1, stats.Sent);
        Assert.Equal(count + 1, stats.Channels[NotificationChannel.AsyncCallback].Failed);
        Assert.Equal(3, stats.Channels[NotificationChannel.AsyncCallback].TimedOut);
        Assert.Equal(count + 1 - 4, stats.Subscribers.Single(s => s.Name == "hangs").QueueDepth);
    }

    [Fact]
    public async Task A_sync_subscriber_that_blocks_forever_only_fills_its_own_queue_and_its_losses_are_counted()
    {
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var manager = new ConfigurationNotificationManager(Options(maxQueue: 4));
        var blocked = manager.AddCallback(
            _ =>
            {
                entered.TrySetResult();
                release.Wait();
            },
            name: "blocks");
        var healthy = new RecordingSubscriber();
        manager.Subscribe(healthy);

        manager.Publish(Numbered(1));
        await entered.Task.WaitAsync(Patience);
        for (var v = 2; v <= 50; v++)
        {
            manager.Publish(Numbered(v));
            await healthy.WaitForAsync(v); // the healthy subscriber keeps up at once; the stuck one only loses its own
        }

        Assert.Equal(Enumerable.Range(1, 50).Select(v => (long)v), healthy.Versions);
        var stats = blocked.GetStatistics();
        Assert.Equal(4, stats.QueueDepth);
        Assert.Equal(50 - 1 - 4, stats.Dropped);
        Assert.Equal(45, manager.GetStatistics().Dropped);

        release.Set();
        Assert.True(await blocked.FlushAsync(Patience));
        Assert.Equal(5, blocked.GetStatistics().Delivered);
    }

    [Theory]
    [InlineData(QueueFullPolicy.DropOldest, new long[] { 1, 8, 9, 10 })] // keeps the newest, in order
    [InlineData(QueueFullPolicy.DropIncoming, new long[] { 1, 2, 3, 4 })] // keeps what was queued
    public async Task A_full_queue_drops_by_its_policy_and_counts_the_drops(QueueFullPolicy policy, long[] expected)
    {
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<long>();
        var options = Options(maxQueue: 3);
        options.FullQueuePolicy = policy;
        await using var manager = new ConfigurationNotificationManager(options);
        var sub = manager.AddCallback(n =>
        {
            seen.Add(n.Version);
            entered.TrySetResult();
            release.Wait();
        });
        manager.Publish(Numbered(1));
        await entered.Task.WaitAsync(Patience);
        for (var v = 2; v <= 10; v++)
        {
            manager.Publish(Numbered(v));
        }

        release.Set();
        Assert.True(await sub.FlushAsync(Patience));
        Assert.Equal(expected, seen);
        Assert.Equal(6, sub.GetStatistics().Dropped);
    }

    [Fact]
    public async Task Concurrent_publishers_give_every_subscriber_the_same_order()
    {
        await using var manager = new ConfigurationNotificationManager(Options(maxQueue: 10_000));
        var first = new RecordingSubscriber();
        var second = new RecordingAsyncSubscriber();
        var third = new RecordingSubscriber();
        manager.Subscribe(first);
        manager.Subscribe(second);
        manager.Subscribe(third);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                manager.Publish(Numbered((t * 1000) + i));
            }
        })));

        Assert.True(await manager.FlushAsync(Patience));
        Assert.Equal(1000, first.Versions.Count);
        Assert.Equal(first.Versions, second.Versions);
        Assert.Equal(first.Versions, third.Versions);
    }

    [Fact]
    public async Task Subscribers_come_and_go_while_publishing_and_a_steady_one_misses_nothing()
    {
        await using var manager = new ConfigurationNotificationManager(Options(maxQueue: 10_000));
        var steady = new RecordingSubscriber();
        manager.Subscribe(steady);
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(() =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                using var sub = manager.AddCallback(_ => { }, name: "churn");
                if (n++ % 2 == 0)
                {
                    manager.AddAsyncCallback((_, _) => Task.CompletedTask, name: "churn-async").Dispose();
                }
            }
        });

        for (var v = 1; v <= 2000; v++)
        {
            manager.Publish(Numbered(v));
        }

        await stop.CancelAsync();
        await churn.WaitAsync(Patience);
        await steady.WaitForAsync(2000);
        Assert.Equal(Enumerable.Range(1, 2000).Select(v => (long)v), steady.Versions);
        Assert.Equal(1, manager.SubscriberCount);
    }

    [Fact]
    public async Task Publish_after_dispose_does_nothing_and_subscribing_after_dispose_is_refused()
    {
        var manager = new ConfigurationNotificationManager(Options());
        var recorder = new RecordingSubscriber();
        manager.Subscribe(recorder);
        manager.Publish(Numbered(1));
        await manager.DisposeAsync();
        manager.Publish(Numbered(2));
        Assert.Equal(1, manager.GetStatistics().Sent);
        Assert.Throws<ObjectDisposedException>(() => manager.AddCallback(_ => { }));
        await manager.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_drains_queued_deliveries_within_the_shutdown_timeout()
    {
        var options = Options();
        options.ShutdownTimeout = Patience;
        var manager = new ConfigurationNotificationManager(options);
        var recorder = new RecordingAsyncSubscriber();
        manager.Subscribe(recorder);
        for (var v = 1; v <= 100; v++)
        {
            manager.Publish(Numbered(v));
        }

        await manager.DisposeAsync();
        Assert.Equal(100, recorder.Versions.Count);
    }

    [Fact]
    public async Task Dispose_cancels_a_hanging_async_delivery()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var manager = new ConfigurationNotificationManager(Options(asyncTimeout: Timeout.InfiniteTimeSpan));
        manager.AddAsyncCallback(async (_, token) =>
        {
            entered.TrySetResult();
            try
            {
                await new TaskCompletionSource().Task.WaitAsync(token);
            }
            finally
            {
                cancelled.TrySetResult();
            }
        });
        manager.Publish(Numbered(1));
        await entered.Task.WaitAsync(Patience);
        await manager.DisposeAsync();
        await cancelled.Task.WaitAsync(Patience);
        Assert.Equal(0, manager.GetStatistics().Failed);
    }

    [Fact]
    public async Task A_subscriber_whose_call_throws_synchronously_is_counted_and_others_continue()
    {
        await using var manager = new ConfigurationNotificationManager(Options());
        var bad = manager.AddAsyncCallback((_, _) => throw new InvalidOperationException("boom"), name: "bad");
        var badSync = manager.AddCallback(_ => throw new InvalidOperationException("boom"), name: "bad-sync");
        var good = new RecordingSubscriber();
        manager.Subscribe(good);
        for (var v = 1; v <= 5; v++)
        {
            manager.Publish(Numbered(v));
        }

        Assert.True(await manager.FlushAsync(Patience));
        Assert.Equal(5, good.Versions.Count);
        Assert.Equal(5, bad.GetStatistics().Failed);
        Assert.Equal(5, badSync.GetStatistics().Failed);
        Assert.Equal(5, manager.GetStatistics().Channels[NotificationChannel.Callback].Failed);
    }
}
