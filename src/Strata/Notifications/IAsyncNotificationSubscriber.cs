namespace Strata.Notifications;

/// <summary>
/// Receives notifications asynchronously, on its own worker, one at a time and in publish order. Each call is bounded by
/// <see cref="NotificationOptions.AsyncTimeout"/>: when it runs longer, the token is cancelled, the delivery counts as
/// timed out, and the subscriber moves on to its next notification. Exceptions are counted and logged.
/// </summary>
public interface IAsyncNotificationSubscriber
{
    /// <summary>Which notifications to receive; null (the default) for all. Read once, when the subscriber is added.</summary>
    NotificationFilter? Filter => null;

    /// <summary>Handles one notification. Its changes, errors and message have secrets masked.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancelled when the delivery times out, the subscription ends, or the manager is disposed.</param>
    Task HandleNotificationAsync(ReloadNotification notification, CancellationToken cancellationToken);
}
