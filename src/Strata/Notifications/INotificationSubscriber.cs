namespace Strata.Notifications;

/// <summary>
/// Receives notifications synchronously, on its own worker (never on the publisher's thread), one at a time and in
/// publish order. An exception it throws is counted and logged and does not stop later deliveries.
/// </summary>
public interface INotificationSubscriber
{
    /// <summary>Which notifications to receive; null (the default) for all. Read once, when the subscriber is added.</summary>
    NotificationFilter? Filter => null;

    /// <summary>Handles one notification. Its changes, errors and message have secrets masked.</summary>
    /// <param name="notification">The notification.</param>
    void HandleNotification(ReloadNotification notification);
}
