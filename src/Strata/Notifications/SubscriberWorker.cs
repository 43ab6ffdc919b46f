using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Strata.Notifications;

/// <summary>
/// One subscriber's bounded queue and the loop that drains it. Publishing only queues (never waits, never runs
/// subscriber code); the loop delivers one notification at a time, in order, and counts what happened to each.
/// An <see cref="IImmediateSubscriber"/> has no loop: it takes each notification as it is posted.
/// </summary>
internal sealed class SubscriberWorker : IDisposable
{
    private const int DropLogInterval = 100;

    private readonly Channel<NotificationEnvelope> _queue;
    private readonly INotificationSubscriber? _sync;
    private readonly IAsyncNotificationSubscriber? _async;
    private readonly IImmediateSubscriber? _immediate;
    private readonly bool _unredacted;
    private readonly DeliveryCounters _channelCounters;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _asyncTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _waitersGate = new();
    private readonly List<(long Target, TaskCompletionSource Signal)> _waiters = [];
    private long _posted;
    private long _done;
    private int _waiterCount;
    private int _stopped;
    private Task _run = Task.CompletedTask;
    private CancellationTokenSource? _delivery;

    private SubscriberWorker(long id, string name, NotificationChannel channel, object target, NotificationFilter? filter, int capacity, QueueFullPolicy policy, DeliveryCounters channelCounters, ILogger logger, TimeProvider timeProvider, TimeSpan asyncTimeout)
    {
        Id = id;
        Name = name;
        Channel = channel;
        Target = target;
        Filter = filter;
        Capacity = capacity;
        _channelCounters = channelCounters;
        _logger = logger;
        _timeProvider = timeProvider;
        _asyncTimeout = asyncTimeout;
        _sync = target as INotificationSubscriber;
        _async = _sync is null ? target as IAsyncNotificationSubscriber : null;
        _immediate = target as IImmediateSubscriber;
        _unredacted = target is IUnredactedSubscriber;
        var options = new BoundedChannelOptions(capacity)
        {
            // DropIncoming uses Wait mode, in which TryWrite refuses (rather than waits) when the queue is full.
            FullMode = policy == QueueFullPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        };
        _queue = System.Threading.Channels.Channel.CreateBounded<NotificationEnvelope>(options, _ => OnDropped());
    }

    public long Id { get; }

    public string Name { get; }

    public NotificationChannel Channel { get; }

    /// <summary>The subscriber object (a channel, an adapter around a delegate, or the application's own subscriber).</summary>
    public object Target { get; }

    public NotificationFilter? Filter { get; }

    public int Capacity { get; }

    public DeliveryCounters Counters { get; } = new();

    /// <summary>How many notifications were handed to this worker.</summary>
    public long Posted => Interlocked.Read(ref _posted);

    public int QueueDepth => _immediate?.Count ?? _queue.Reader.Count;

    /// <summary>Completes when the loop has ended.</summary>
    public Task Completion => _run;

    /// <summary>True when the last drop made the count reach a value worth logging (the first, then every hundredth).</summary>
    public bool DropWorthLogging { get; private set; }

    public static SubscriberWorker Start(long id, string name, NotificationChannel channel, object target, NotificationFilter? filter, NotificationOptions options, DeliveryCounters channelCounters, ILogger logger, TimeProvider timeProvider)
    {
        var worker = new SubscriberWorker(id, name, channel, target, filter, options.MaxQueueSize, options.FullQueuePolicy, channelCounters, logger, timeProvider, options.AsyncTimeout);
        worker._run = worker._immediate is null ? Task.Run(worker.RunAsync) : Task.CompletedTask;
        return worker;
    }

    /// <summary>Queues a notification without waiting. Returns true when this made a drop worth logging.</summary>
    public bool Post(NotificationEnvelope envelope)
    {
        DropWorthLogging = false;
        Interlocked.Increment(ref _posted);
        if (_immediate is not null)
        {
            Take(_immediate, envelope);
            MarkDone();
        }
        else if (!_queue.Writer.TryWrite(envelope))
        {
            if (Volatile.Read(ref _stopped) == 0)
            {
                OnDropped();
            }
            else
            {
                MarkDone();
            }
        }

        return DropWorthLogging;
    }

    /// <summary>Completes when everything up to the <paramref name="target"/>-th posted notification has been dealt with, or the worker stopped.</summary>
    public Task WhenDrainedAsync(long target)
    {
        if (Interlocked.Read(ref _done) >= target || Volatile.Read(ref _stopped) != 0)
        {
            return Task.CompletedTask;
        }

        lock (_waitersGate)
        {
            // Announce the waiter before the second look at _done: MarkDone increments _done and then reads
            // _waiterCount, so one of the two always sees the other and no wake-up is lost.
            Interlocked.Increment(ref _waiterCount);
            if (Interlocked.Read(ref _done) >= target || Volatile.Read(ref _stopped) != 0)
            {
                Interlocked.Decrement(ref _waiterCount);
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, signal));
            return signal.Task;
        }
    }

    /// <summary>Stops accepting and delivering; a delivery in progress is cancelled (async) or left to finish (sync).</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _stop.Cancel();
        CancelDelivery();
        ReleaseWaiters(long.MaxValue);
    }

    public void Dispose()
    {
        Stop();
        if (_run.IsCompleted)
        {
            _stop.Dispose();
        }
    }

    private void CancelDelivery()
    {
        try
        {
            Volatile.Read(ref _delivery)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The delivery finished and replaced its source meanwhile; the new one sees the stop itself.
        }
    }

    private void OnDropped()
    {
        CountDropped();
        MarkDone();
    }

    private void CountDropped()
    {
        var dropped = Counters.AddDropped();
        _channelCounters.AddDropped();
        DropWorthLogging |= dropped == 1 || dropped % DropLogInterval == 0;
    }

    private void Take(IImmediateSubscriber subscriber, NotificationEnvelope envelope)
    {
        try
        {
            if (IsFilteredOut(envelope.Original))
            {
                return;
            }

            var accepted = subscriber.TryTake(envelope.Redacted, out var lost);
            for (var i = 0L; i < lost; i++)
            {
                CountDropped();
            }

            if (accepted)
            {
                Succeeded();
            }
        }
#pragma warning disable CA1031 // A subscriber's failure, whatever it is, is counted and logged, never passed on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failed(ex, envelope.Original);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (!_stop.IsCancellationRequested && reader.TryRead(out var envelope))
                {
                    try
                    {
                        await DeliverAsync(envelope).ConfigureAwait(false);
                    }
                    finally
                    {
                        MarkDone();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped: what is still queued is discarded.
        }
        finally
        {
            // No delivery runs any more: release the reusable token source (and its timer) now.
            Interlocked.Exchange(ref _delivery, null)?.Dispose();
            ReleaseWaiters(long.MaxValue);
        }
    }

    private async Task DeliverAsync(NotificationEnvelope envelope)
    {
        var notification = envelope.Original;
        try
        {
            if (IsFilteredOut(notification))
            {
                return;
            }

            if (_sync is not null)
            {
                _sync.HandleNotification(_unredacted ? notification : envelope.Redacted);
                Succeeded();
                return;
            }

            await DeliverAsync(_async!, envelope.Redacted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The subscription ended during the delivery; nothing to count.
        }
#pragma warning disable CA1031 // A subscriber's failure, whatever it is, is counted and logged, never passed on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failed(ex, notification);
        }
    }

    private async Task DeliverAsync(IAsyncNotificationSubscriber subscriber, ReloadNotification notification)
    {
        // One token source per worker, reused while deliveries finish in time (TryReset also stops its timer and drops
        // whatever the subscriber registered on the token); it is replaced after a timeout or a stop.
        var source = _delivery ?? NewDeliverySource();
        if (_asyncTimeout != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(_asyncTimeout);
        }

        var task = Task.CompletedTask;
        try
        {
            task = subscriber.HandleNotificationAsync(notification, source.Token) ?? Task.CompletedTask;
            await task.WaitAsync(source.Token).ConfigureAwait(false);
            Succeeded();
        }
        catch (OperationCanceledException) when (source.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            Observe(task);
            Counters.AddTimedOut();
            _channelCounters.AddTimedOut();
            NotificationLog.SubscriberTimedOut(_logger, Name, Channel, _asyncTimeout, ReloadNotification.EventName(notification.EventType), notification.Version);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Observe(task);
            throw;
        }
        finally
        {
            if (!source.TryReset())
            {
                Volatile.Write(ref _delivery, null);
                source.Dispose();
            }
        }
    }

    private CancellationTokenSource NewDeliverySource()
    {
        var source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        Volatile.Write(ref _delivery, source);
        if (_stop.IsCancellationRequested)
        {
            // Stop() may have looked for the current source before this one was published.
            source.Cancel();
        }

        return source;
    }

    private void Succeeded()
    {
        Counters.AddDelivered();
        _channelCounters.AddDelivered();
    }

    private bool IsFilteredOut(ReloadNotification notification)
    {
        if (Filter is null || Filter.Matches(notification))
        {
            return false;
        }

        Counters.AddFiltered();
        _channelCounters.AddFiltered();
        return true;
    }

    private void Failed(Exception exception, ReloadNotification notification)
    {
        Counters.AddFailed();
        _channelCounters.AddFailed();
        NotificationLog.SubscriberFailed(_logger, exception, Name, Channel, ReloadNotification.EventName(notification.EventType), notification.Version);
    }

    private static void Observe(Task task)
    {
        if (!task.IsCompleted)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void MarkDone()
    {
        var done = Interlocked.Increment(ref _done);
        if (Volatile.Read(ref _waiterCount) > 0)
        {
            ReleaseWaiters(done);
        }
    }

    private void ReleaseWaiters(long done)
    {
        lock (_waitersGate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= done)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                    Interlocked.Decrement(ref _waiterCount);
                }
            }
        }
    }
}
