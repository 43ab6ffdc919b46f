namespace Strata.Notifications;

/// <summary>A point-in-time view of a <see cref="ConfigurationNotificationManager"/>'s counters.</summary>
/// <param name="Sent">Notifications published.</param>
/// <param name="Delivered">Deliveries that succeeded, over all channels.</param>
/// <param name="Failed">Deliveries that threw, over all channels.</param>
/// <param name="Dropped">Notifications lost to full queues, over all channels.</param>
/// <param name="TimedOut">Asynchronous deliveries that exceeded the async timeout.</param>
/// <param name="Filtered">Deliveries that filters turned away.</param>
/// <param name="QueueDepth">Notifications waiting now, over all queues (the Queue channel included).</param>
/// <param name="Channels">Per enabled channel.</param>
/// <param name="Subscribers">Per active subscriber, built-in channels included.</param>
public sealed record NotificationStatistics(
    long Sent,
    long Delivered,
    long Failed,
    long Dropped,
    long TimedOut,
    long Filtered,
    int QueueDepth,
    IReadOnlyDictionary<NotificationChannel, ChannelStatistics> Channels,
    IReadOnlyList<SubscriberStatistics> Subscribers);
