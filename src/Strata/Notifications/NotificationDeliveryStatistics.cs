namespace Strata.Notifications;

/// <summary>
/// Delivery counters of one subscriber, or of one channel summed over every subscriber it ever had (removed ones
/// included). Part of <see cref="NotificationStatistics"/>; a single subscriber's is also given by
/// <see cref="NotificationSubscription.GetStatistics"/>.
/// </summary>
public sealed record NotificationDeliveryStatistics
{
    /// <summary>The channel.</summary>
    public NotificationChannel Channel { get; init; }

    /// <summary>The subscriber's name (<c>console</c>, <c>log</c>, <c>file</c> and <c>queue</c> for the built-in channels), or the channel's for its totals.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The subscriber's id, unique within its manager; 0 for a channel's totals.</summary>
    public long Id { get; init; }

    /// <summary>The active subscribers these counters cover now: the channel's for its totals; 1 or 0 for one subscriber.</summary>
    public int Subscribers { get; init; }

    /// <summary>Notifications handled without error.</summary>
    public long Delivered { get; init; }

    /// <summary>Deliveries that threw.</summary>
    public long Failed { get; init; }

    /// <summary>Notifications lost to full queues.</summary>
    public long Dropped { get; init; }

    /// <summary>Asynchronous deliveries that exceeded the async timeout.</summary>
    public long TimedOut { get; init; }

    /// <summary>Notifications filters turned away.</summary>
    public long Filtered { get; init; }

    /// <summary>Notifications waiting now.</summary>
    public int QueueDepth { get; init; }
}
