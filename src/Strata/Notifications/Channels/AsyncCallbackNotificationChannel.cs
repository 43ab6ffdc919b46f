namespace Strata.Notifications.Channels;

/// <summary>An asynchronous delegate as a subscriber (the AsyncCallback channel).</summary>
/// <param name="callback">Called once per notification, on the subscriber's own worker; the token is cancelled on timeout.</param>
/// <param name="filter">Which notifications to receive; null for all.</param>
internal sealed class AsyncCallbackNotificationChannel(Func<ReloadNotification, CancellationToken, Task> callback, NotificationFilter? filter = null) : IAsyncNotificationSubscriber, IDelegateSubscriber
{
    private readonly Func<ReloadNotification, CancellationToken, Task> _callback = callback ?? throw new ArgumentNullException(nameof(callback));

    /// <inheritdoc />
    public NotificationFilter? Filter { get; } = filter;

    /// <inheritdoc />
    public Delegate Callback => _callback;

    /// <inheritdoc />
    public Task HandleNotificationAsync(ReloadNotification notification, CancellationToken cancellationToken) =>
        _callback(notification, cancellationToken);
}
