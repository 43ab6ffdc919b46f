namespace Strata.Notifications.Channels;

/// <summary>A synchronous delegate as a subscriber (the Callback channel).</summary>
/// <param name="callback">Called once per notification, on the subscriber's own worker.</param>
/// <param name="filter">Which notifications to receive; null for all.</param>
internal sealed class CallbackNotificationChannel(Action<ReloadNotification> callback, NotificationFilter? filter = null) : INotificationSubscriber, IDelegateSubscriber
{
    private readonly Action<ReloadNotification> _callback = callback ?? throw new ArgumentNullException(nameof(callback));

    /// <inheritdoc />
    public NotificationFilter? Filter { get; } = filter;

    /// <inheritdoc />
    public Delegate Callback => _callback;

    /// <inheritdoc />
    public void HandleNotification(ReloadNotification notification) => _callback(notification);
}
