using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Strata.Notifications.Channels;

/// <summary>
/// A bounded in-memory queue of notifications (a <see cref="System.Threading.Channels.Channel{T}"/>) that the application
/// drains at its own pace with <see cref="ReadAsync"/>, <see cref="TryRead"/> or <see cref="ReadAllAsync"/>. Writing never
/// waits: when the queue is full, <see cref="Policy"/> decides which notification is lost and <see cref="DroppedCount"/> counts it.
/// </summary>
public sealed class QueueNotificationChannel : INotificationSubscriber
{
    private readonly Channel<ReloadNotification> _channel;
    private long _dropped;
    private long _written;

    /// <summary>Creates the queue.</summary>
    /// <param name="capacity">The most notifications it holds.</param>
    /// <param name="policy">What a full queue loses.</param>
    /// <param name="filter">Which notifications to queue when the manager (or a worker) delivers to it; null for all.</param>
    public QueueNotificationChannel(int capacity = NotificationOptions.DefaultMaxQueueSize, QueueFullPolicy policy = QueueFullPolicy.DropOldest, NotificationFilter? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Policy = policy;
        Filter = filter;
        var options = new BoundedChannelOptions(capacity)
        {
            // DropIncoming uses Wait mode, in which TryWrite refuses (rather than waits) when the queue is full.
            FullMode = policy == QueueFullPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        };
        _channel = Channel.CreateBounded<ReloadNotification>(options, _ => Interlocked.Increment(ref _dropped));
    }

    /// <inheritdoc />
    public NotificationFilter? Filter { get; }

    /// <summary>The most notifications the queue holds.</summary>
    public int Capacity { get; }

    /// <summary>What a full queue loses.</summary>
    public QueueFullPolicy Policy { get; }

    /// <summary>How many notifications are waiting.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>How many notifications were lost because the queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>How many notifications were accepted.</summary>
    public long WrittenCount => Interlocked.Read(ref _written);

    /// <summary>True once <see cref="Complete"/> was called and every notification has been read.</summary>
    public bool IsCompleted => _channel.Reader.Completion.IsCompleted;

    /// <summary>Queues a notification without waiting; returns false when it was dropped or the queue is complete.</summary>
    /// <param name="notification">The notification.</param>
    public bool TryWrite(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_channel.Writer.TryWrite(notification))
        {
            Interlocked.Increment(ref _written);
            return true;
        }

        if (!_channel.Reader.Completion.IsCompleted && Policy == QueueFullPolicy.DropIncoming)
        {
            Interlocked.Increment(ref _dropped);
        }

        return false;
    }

    /// <inheritdoc />
    public void HandleNotification(ReloadNotification notification) => TryWrite(notification);

    /// <summary>Waits for the next notification.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ChannelClosedException">The queue is complete and empty.</exception>
    public ValueTask<ReloadNotification> ReadAsync(CancellationToken cancellationToken = default) =>
        _channel.Reader.ReadAsync(cancellationToken);

    /// <summary>Takes the next notification if one is waiting.</summary>
    /// <param name="notification">The notification.</param>
    public bool TryRead([MaybeNullWhen(false)] out ReloadNotification notification) => _channel.Reader.TryRead(out notification);

    /// <summary>Reads notifications as they arrive, until the queue is completed or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    public IAsyncEnumerable<ReloadNotification> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _channel.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Accepts no more notifications; readers finish once the queue is empty.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
