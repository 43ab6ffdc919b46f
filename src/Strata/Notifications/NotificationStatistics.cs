namespace Strata.Notifications;

/// <summary>A point-in-time view of a <see cref="ConfigurationNotificationManager"/>'s counters.</summary>
public sealed record NotificationStatistics
{
    /// <summary>Notifications published.</summary>
    public long Sent { get; init; }

    /// <summary>Deliveries that succeeded, over all channels.</summary>
    public long Delivered { get; init; }

    /// <summary>Deliveries that threw, over all channels.</summary>
    public long Failed { get; init; }

    /// <summary>Notifications lost to full queues, over all channels.</summary>
    public long Dropped { get; init; }

    /// <summary>Asynchronous deliveries that exceeded the async timeout.</summary>
    public long TimedOut { get; init; }

    /// <summary>Deliveries that filters turned away.</summary>
    public long Filtered { get; init; }

    /// <summary>Notifications waiting now, over all queues (the Queue channel included).</summary>
    public int QueueDepth { get; init; }

    /// <summary>Per enabled channel, summed over its subscribers (removed ones included).</summary>
    public IReadOnlyDictionary<NotificationChannel, NotificationDeliveryStatistics> Channels { get; init; } =
        new Dictionary<NotificationChannel, NotificationDeliveryStatistics>();

    /// <summary>Per active subscriber, built-in channels included.</summary>
    public IReadOnlyList<NotificationDeliveryStatistics> Subscribers { get; init; } = [];
}
