namespace Strata.Notifications;

/// <summary>
/// A subscriber's registration with a <see cref="ConfigurationNotificationManager"/>. Disposing it unsubscribes: once
/// <see cref="Dispose"/> returns, nothing more is delivered (notifications still queued for it are discarded; a delivery
/// already running is cancelled if asynchronous, or left to finish if synchronous). Disposing twice is harmless.
/// </summary>
public sealed class NotificationSubscription : IDisposable
{
    private readonly ConfigurationNotificationManager _manager;
    private readonly SubscriberWorker _worker;

    internal NotificationSubscription(ConfigurationNotificationManager manager, SubscriberWorker worker)
    {
        _manager = manager;
        _worker = worker;
    }

    /// <summary>The subscriber's id, unique within its manager (as in <see cref="NotificationDeliveryStatistics.Id"/>).</summary>
    public long Id => _worker.Id;

    /// <summary>The subscriber's name (as in <see cref="NotificationDeliveryStatistics.Name"/>).</summary>
    public string Name => _worker.Name;

    /// <summary>The channel it belongs to (Callback or AsyncCallback).</summary>
    public NotificationChannel Channel => _worker.Channel;

    /// <summary>The filter it was added with, if any.</summary>
    public NotificationFilter? Filter => _worker.Filter;

    /// <summary>True until disposed (or until the manager is disposed).</summary>
    public bool IsActive => _manager.IsActive(_worker);

    /// <summary>This subscriber's counters now.</summary>
    public NotificationDeliveryStatistics GetStatistics() => NotificationCounters.Of(_worker, IsActive);

    /// <summary>Waits until this subscriber has dealt with everything published so far (delivered, filtered, failed, timed out or dropped).</summary>
    /// <param name="timeout">How long to wait (wall-clock).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>True when drained, false when the time ran out.</returns>
    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ConfigurationNotificationManager.WaitAsync([_worker.WhenDrainedAsync(_worker.Posted)], timeout, cancellationToken);

    /// <summary>Unsubscribes.</summary>
    public void Dispose() => _manager.Remove(_worker);
}
