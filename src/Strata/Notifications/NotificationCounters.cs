namespace Strata.Notifications;

/// <summary>
/// A manager's counters: how many notifications were published and, per channel, what happened to every delivery
/// (each subscriber's worker counts into its own counters and its channel's). Turns them into statistics on demand.
/// </summary>
internal sealed class NotificationCounters
{
    private readonly DeliveryCounters[] _channels = [.. Enum.GetValues<NotificationChannel>().Select(_ => new DeliveryCounters())];
    private long _sent;

    /// <summary>Notifications published.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Counts one published notification.</summary>
    public void AddSent() => Interlocked.Increment(ref _sent);

    /// <summary>Sets the published count and every channel's and subscriber's counters back to zero.</summary>
    /// <param name="workers">The active subscribers' workers.</param>
    public void Reset(IEnumerable<SubscriberWorker> workers)
    {
        Interlocked.Exchange(ref _sent, 0);
        foreach (var channel in _channels)
        {
            channel.Reset();
        }

        foreach (var worker in workers)
        {
            worker.Counters.Reset();
        }
    }

    /// <summary>The counters of <paramref name="channel"/>, shared by all its subscribers, past and present.</summary>
    public DeliveryCounters For(NotificationChannel channel) => _channels[(int)channel];

    /// <summary>One subscriber's counters now.</summary>
    /// <param name="worker">The subscriber's worker.</param>
    /// <param name="active">Whether it is still subscribed.</param>
    public static NotificationDeliveryStatistics Of(SubscriberWorker worker, bool active)
    {
        var c = worker.Counters;
        return new NotificationDeliveryStatistics
        {
            Channel = worker.Channel,
            Name = worker.Name,
            Id = worker.Id,
            Subscribers = active ? 1 : 0,
            Delivered = c.Delivered,
            Failed = c.Failed,
            Dropped = c.Dropped,
            TimedOut = c.TimedOut,
            Filtered = c.Filtered,
            QueueDepth = worker.QueueDepth,
        };
    }

    /// <summary>The statistics of the enabled channels and the active subscribers.</summary>
    /// <param name="workers">The active subscribers' workers.</param>
    /// <param name="options">The manager's options (which channels are enabled).</param>
    public NotificationStatistics Snapshot(IReadOnlyList<SubscriberWorker> workers, NotificationOptions options)
    {
        var subscribers = workers.Select(w => Of(w, active: true)).ToList();
        var channels = new Dictionary<NotificationChannel, NotificationDeliveryStatistics>();
        foreach (var channel in Enum.GetValues<NotificationChannel>())
        {
            if (!options.IsEnabled(channel))
            {
                continue;
            }

            var counters = For(channel);
            var mine = subscribers.Where(s => s.Channel == channel).ToList();
            channels[channel] = new NotificationDeliveryStatistics
            {
                Channel = channel,
                Name = NotificationChannelFactory.NameOf(channel),
                Subscribers = mine.Count,
                Delivered = counters.Delivered,
                Failed = counters.Failed,
                Dropped = counters.Dropped,
                TimedOut = counters.TimedOut,
                Filtered = counters.Filtered,
                QueueDepth = mine.Sum(s => s.QueueDepth),
            };
        }

        return new NotificationStatistics
        {
            Sent = Sent,
            Delivered = channels.Values.Sum(c => c.Delivered),
            Failed = channels.Values.Sum(c => c.Failed),
            Dropped = channels.Values.Sum(c => c.Dropped),
            TimedOut = channels.Values.Sum(c => c.TimedOut),
            Filtered = channels.Values.Sum(c => c.Filtered),
            QueueDepth = subscribers.Sum(s => s.QueueDepth),
            Channels = channels,
            Subscribers = subscribers,
        };
    }
}
