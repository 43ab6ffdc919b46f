using Microsoft.Extensions.Time.Testing;
using Strata.Notifications;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationSubscriptionTests
{
    private sealed class FilteredSubscriber : INotificationSubscriber
    {
        public List<long> Versions { get; } = [];

        public NotificationFilter? Filter => NotificationFilter.ForEvents(ReloadEvent.ConfigFailed);

        public void HandleNotification(ReloadNotification notification) => Versions.Add(notification.Version);
    }

    [Fact]
    public async Task Disposing_a_subscription_stops_deliveries()
    {
        await using var manager = new ConfigurationNotificationManager();
        var recorder = new RecordingSubscriber();
        var subscription = manager.Subscribe(recorder);
        Assert.True(subscription.IsActive);
        manager.Publish(Numbered(1));
        Assert.True(await manager.FlushAsync(Patience));

        subscription.Dispose();
        subscription.Dispose();
        manager.Publish(Numbered(2));
        Assert.True(await manager.FlushAsync(Patience));

        Assert.Equal([1L], recorder.Versions);
        Assert.False(subscription.IsActive);
        Assert.DoesNotContain(manager.GetStatistics().Subscribers, s => s.Id == subscription.Id);
    }

    [Fact]
    public async Task Unsubscribe_removes_a_subscriber_object_or_a_delegate()
    {
        await using var manager = new ConfigurationNotificationManager();
        var recorder = new RecordingSubscriber();
        var count = 0;
        void Callback(ReloadNotification n) => count++;
        Func<ReloadNotification, CancellationToken, Task> asyncCallback = (_, _) => Task.CompletedTask;
        manager.Subscribe(recorder);
        manager.Subscribe(recorder);
        manager.AddCallback(Callback);
        manager.AddAsyncCallback(asyncCallback);
        var before = manager.SubscriberCount;

        Assert.True(manager.Unsubscribe(recorder));
        Assert.True(manager.Unsubscribe((Action<ReloadNotification>)Callback));
        Assert.True(manager.Unsubscribe(asyncCallback));
        Assert.False(manager.Unsubscribe(recorder));
        Assert.Equal(before - 4, manager.SubscriberCount);

        manager.Publish(Numbered(1));
        Assert.True(await manager.FlushAsync(Patience));
        Assert.Empty(recorder.Versions);
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Unsubscribe_removes_a_section_callback_by_its_delegate()
    {
        await using var manager = new ConfigurationNotificationManager();
        Action<string?, string?> onHost = (_, _) => { };
        using var subscription = manager.OnChange("redis.host", onHost);

        Assert.True(manager.Unsubscribe(onHost));
        Assert.False(subscription.IsActive);
        Assert.False(manager.Unsubscribe(onHost));
    }

    [Fact]
    public async Task The_queue_channel_is_an_ordinary_subscriber_in_counts_and_statistics()
    {
        var options = new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Queue, NotificationChannel.Callback },
        };
        await using var manager = new ConfigurationNotificationManager(options);
        Assert.Equal(1, manager.SubscriberCount);
        manager.Publish(Numbered(1));

        var stats = manager.GetStatistics();
        var queue = stats.Subscribers.Single();
        Assert.Equal(("queue", NotificationChannel.Queue, 1, 1L, 1), (queue.Name, queue.Channel, queue.Subscribers, queue.Delivered, queue.QueueDepth));
        Assert.True(queue.Id > 0);
        Assert.Equal(new NotificationDeliveryStatistics { Channel = NotificationChannel.Queue, Name = "queue", Subscribers = 1, Delivered = 1, QueueDepth = 1 }, stats.Channels[NotificationChannel.Queue]);
        Assert.Equal(new NotificationDeliveryStatistics { Channel = NotificationChannel.Callback, Name = "callback" }, stats.Channels[NotificationChannel.Callback]);
        Assert.True(manager.Queue!.TryRead(out _));
        Assert.Equal(0, manager.GetStatistics().QueueDepth);
    }

    [Theory]
    [InlineData(ReloadEvent.ConfigLoaded, "config_loaded")]
    [InlineData(ReloadEvent.FileChanged, "file_changed")]
    [InlineData(ReloadEvent.ConfigReloaded, "config_reloaded")]
    [InlineData(ReloadEvent.ConfigFailed, "config_failed")]
    [InlineData(ReloadEvent.ConfigRolledBack, "config_rolled_back")]
    [InlineData(ReloadEvent.MigrationApplied, "migration_applied")]
    public void Event_names_are_snake_case_and_parse_back(ReloadEvent eventType, string name)
    {
        Assert.Equal(name, ReloadNotification.EventName(eventType));
        Assert.True(ReloadNotification.TryParseEventName(" " + name.ToUpperInvariant() + " ", out var parsed));
        Assert.Equal(eventType, parsed);
        Assert.False(ReloadNotification.TryParseEventName("config_exploded", out _));
    }

    [Fact]
    public async Task A_subscriber_declares_its_own_filter()
    {
        await using var manager = new ConfigurationNotificationManager();
        var subscriber = new FilteredSubscriber();
        var subscription = manager.Subscribe(subscriber, "failures");
        manager.Publish(Numbered(1));
        manager.Publish(Failed(1));
        Assert.True(await subscription.FlushAsync(Patience));
        Assert.Equal([1L], subscriber.Versions);
        Assert.Equal("failures", subscription.Name);
        Assert.Equal(1, subscription.GetStatistics().Filtered);
    }

    [Fact]
    public async Task Statistics_count_sent_and_per_channel_and_per_subscriber_outcomes()
    {
        var time = new FakeTimeProvider(Start);
        var options = new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel>
            {
                NotificationChannel.Console, NotificationChannel.Queue, NotificationChannel.Callback, NotificationChannel.AsyncCallback,
            },
            ConsoleWriter = TextWriter.Null,
            AsyncTimeout = TimeSpan.FromSeconds(1),
            ShutdownTimeout = TimeSpan.Zero,
        };
        await using var manager = new ConfigurationNotificationManager(options, timeProvider: time);
        var ok = manager.AddCallback(_ => { }, name: "ok");
        var failing = manager.AddCallback(n => throw new InvalidOperationException("no"), NotificationFilter.ForEvents(ReloadEvent.ConfigReloaded), "failing");
        var hanging = new HangingAsyncSubscriber();
        var slow = manager.Subscribe(hanging, "slow");

        manager.Publish(Numbered(1));
        manager.Publish(Failed(1));
        await hanging.WaitEnteredAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await hanging.WaitEnteredAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await manager.FlushAsync(Patience));

        var stats = manager.GetStatistics();
        Assert.Equal(2, stats.Sent);
        Assert.Equal(Delivery(ok.Id, "ok", NotificationChannel.Callback) with { Delivered = 2 }, stats.Subscribers.Single(s => s.Name == "ok"));
        Assert.Equal(Delivery(failing.Id, "failing", NotificationChannel.Callback) with { Failed = 1, Filtered = 1 }, stats.Subscribers.Single(s => s.Name == "failing"));
        Assert.Equal(Delivery(slow.Id, "slow", NotificationChannel.AsyncCallback) with { TimedOut = 2 }, stats.Subscribers.Single(s => s.Name == "slow"));
        Assert.Equal(2, stats.Subscribers.Single(s => s.Name == "console").Delivered);
        Assert.Equal(2, stats.Subscribers.Single(s => s.Channel == NotificationChannel.Queue).QueueDepth);

        var callback = stats.Channels[NotificationChannel.Callback];
        Assert.Equal((2, 2L, 1L, 1L), (callback.Subscribers, callback.Delivered, callback.Failed, callback.Filtered));
        Assert.Equal(2, stats.Channels[NotificationChannel.AsyncCallback].TimedOut);
        Assert.Equal(2, stats.Channels[NotificationChannel.Queue].Delivered);
        Assert.False(stats.Channels.ContainsKey(NotificationChannel.Log));
        Assert.Equal(2 + 2 + 2, stats.Delivered);
        Assert.Equal(1, stats.Failed);
        Assert.Equal(2, stats.TimedOut);
        Assert.Equal(2, stats.QueueDepth);

        // Counters of removed subscribers stay in their channel's totals.
        ok.Dispose();
        Assert.Equal(2, manager.GetStatistics().Channels[NotificationChannel.Callback].Delivered);
        Assert.Equal(1, manager.GetStatistics().Channels[NotificationChannel.Callback].Subscribers);
    }

    [Fact]
    public async Task Publish_by_event_type_stamps_the_time_and_the_default_priority()
    {
        var time = new FakeTimeProvider(Start);
        await using var manager = new ConfigurationNotificationManager(new NotificationOptions { DefaultPriority = NotificationPriority.High }, timeProvider: time);
        var recorder = new RecordingSubscriber();
        manager.Subscribe(recorder);
        var sent = manager.Publish(ReloadEvent.FileChanged, "base.yaml changed", ["base.yaml"]);
        Assert.Equal(Start, sent.Timestamp);
        Assert.Equal(NotificationPriority.High, sent.Priority);
        await recorder.WaitForAsync(1);
        Assert.Equal("base.yaml changed", recorder.Received[0].Message);

        await using var plain = new ConfigurationNotificationManager(timeProvider: time);
        Assert.Equal(NotificationPriority.Low, plain.Publish(ReloadEvent.FileChanged, "x").Priority);
        Assert.Equal(NotificationPriority.Critical, plain.Publish(ReloadEvent.ConfigFailed, "x").Priority);
    }

    [Theory]
    [InlineData(0, "MaxQueueSize")]
    [InlineData(-1, "AsyncTimeout")]
    public void Out_of_range_options_are_rejected(int value, string name)
    {
        var options = new NotificationOptions();
        if (name == "MaxQueueSize")
        {
            options.MaxQueueSize = value;
        }
        else
        {
            options.AsyncTimeout = TimeSpan.FromSeconds(value);
        }

        var error = Assert.Throws<ArgumentException>(() => new ConfigurationNotificationManager(options));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    private static NotificationDeliveryStatistics Delivery(long id, string name, NotificationChannel channel) =>
        new() { Id = id, Name = name, Channel = channel, Subscribers = 1 };
}
