using System.Threading.Channels;

namespace Strata.Notifications.Channels;

/// <summary>
/// A bounded in-memory queue of notifications (a <see cref="System.Threading.Channels.Channel{T}"/>) that the application
/// drains at its own pace through <see cref="Reader"/>. Writing never waits: when the queue is full, the
/// <see cref="QueueFullPolicy"/> decides which notification is lost and <see cref="DroppedCount"/> counts it.
/// Disposing it completes the queue: readers finish once it is empty.
/// </summary>
internal sealed class QueueNotificationChannel : IImmediateSubscriber, IDisposable
{
    private readonly Channel<ReloadNotification> _channel;
    private readonly QueueFullPolicy _policy;
    private long _dropped;

    /// <summary>Creates the queue.</summary>
    /// <param name="capacity">The most notifications it holds.</param>
    /// <param name="policy">What a full queue loses.</param>
    public QueueNotificationChannel(int capacity = NotificationOptions.DefaultMaxQueueSize, QueueFullPolicy policy = QueueFullPolicy.DropOldest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _policy = policy;
        var options = new BoundedChannelOptions(capacity)
        {
            // DropIncoming uses Wait mode, in which TryWrite refuses (rather than waits) when the queue is full.
            FullMode = policy == QueueFullPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        };
        _channel = Channel.CreateBounded<ReloadNotification>(options, _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Where the application reads the notifications.</summary>
    public ChannelReader<ReloadNotification> Reader => _channel.Reader;

    /// <inheritdoc />
    public int Count => _channel.Reader.Count;

    /// <summary>How many notifications were lost because the queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues a notification without waiting; returns false when it was dropped or the queue is complete.</summary>
    /// <param name="notification">The notification.</param>
    public bool TryWrite(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_channel.Writer.TryWrite(notification))
        {
            return true;
        }

        if (!_channel.Reader.Completion.IsCompleted && _policy == QueueFullPolicy.DropIncoming)
        {
            Interlocked.Increment(ref _dropped);
        }

        return false;
    }

    /// <inheritdoc />
    public bool TryTake(ReloadNotification notification, out long lost)
    {
        var before = DroppedCount;
        var accepted = TryWrite(notification);
        lost = DroppedCount - before;
        return accepted;
    }

    /// <summary>Accepts no more notifications; readers finish once the queue is empty.</summary>
    public void Dispose() => _channel.Writer.TryComplete();
}
