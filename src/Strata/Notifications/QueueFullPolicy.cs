namespace Strata.Notifications;

/// <summary>
/// What happens when a bounded queue (a subscriber's delivery queue or the <see cref="NotificationChannel.Queue"/> channel)
/// is full. Publishing never waits, so the choice is which notification to lose; either way the loss is counted.
/// </summary>
public enum QueueFullPolicy
{
    /// <summary>Discard the oldest queued notification to make room for the new one (the reader sees the latest news).</summary>
    DropOldest,

    /// <summary>Keep what is queued and discard the incoming notification.</summary>
    DropIncoming,
}
