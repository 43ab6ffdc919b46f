namespace Strata.Notifications;

/// <summary>
/// A subscriber that takes each notification on the publisher's thread, as it is published, rather than through a queue
/// and worker of its own: taking one never waits and runs no application code (the Queue channel, which the application
/// reads at its own pace).
/// </summary>
internal interface IImmediateSubscriber
{
    /// <summary>Notifications waiting in it.</summary>
    int Count { get; }

    /// <summary>Takes a notification without waiting. Called by one publisher at a time.</summary>
    /// <param name="notification">The notification, secrets masked.</param>
    /// <param name="lost">How many notifications this lost: queued ones discarded to make room, or the incoming one when refused.</param>
    /// <returns>True when the notification was accepted.</returns>
    bool TryTake(ReloadNotification notification, out long lost);
}
