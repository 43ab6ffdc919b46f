namespace Strata.Notifications;

/// <summary>The counters of one channel, summed over every subscriber it ever had (removed ones included).</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Subscribers">Its active subscribers now.</param>
/// <param name="Delivered">Notifications handled without error.</param>
/// <param name="Failed">Deliveries that threw.</param>
/// <param name="Dropped">Notifications lost to full queues.</param>
/// <param name="TimedOut">Asynchronous deliveries that exceeded the async timeout.</param>
/// <param name="Filtered">Notifications filters turned away.</param>
/// <param name="QueueDepth">Notifications waiting now.</param>
public sealed record ChannelStatistics(
    NotificationChannel Channel,
    int Subscribers,
    long Delivered,
    long Failed,
    long Dropped,
    long TimedOut,
    long Filtered,
    int QueueDepth);
