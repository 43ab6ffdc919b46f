namespace Strata.Notifications;

/// <summary>The counters of one subscriber (or built-in channel).</summary>
/// <param name="Id">Its id within the manager (0 for the Queue channel).</param>
/// <param name="Name">Its name.</param>
/// <param name="Channel">The channel it belongs to.</param>
/// <param name="Delivered">Notifications it handled without error.</param>
/// <param name="Failed">Deliveries that threw.</param>
/// <param name="Dropped">Notifications lost because its queue was full.</param>
/// <param name="TimedOut">Asynchronous deliveries that exceeded the async timeout.</param>
/// <param name="Filtered">Notifications its filter turned away.</param>
/// <param name="QueueDepth">Notifications waiting for it now.</param>
public sealed record SubscriberStatistics(
    long Id,
    string Name,
    NotificationChannel Channel,
    long Delivered,
    long Failed,
    long Dropped,
    long TimedOut,
    long Filtered,
    int QueueDepth);
