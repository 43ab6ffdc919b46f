using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Model;
using Strata.Notifications.Channels;
using Strata.Secrets;

namespace Strata.Notifications;

/// <summary>
/// Fans reload notifications out to channels and subscribers without ever letting them slow down or break the publisher.
/// <para>
/// <see cref="Publish(ReloadNotification)"/> only queues: every subscriber (and every built-in Console, Log and File channel)
/// has its own bounded queue and its own worker, so one that hangs, throws or exceeds the async timeout is counted and
/// logged and delays nobody else. Each subscriber receives notifications one at a time, in publish order. A full queue
/// loses a notification according to <see cref="NotificationOptions.FullQueuePolicy"/> and counts it. The Queue channel
/// is a subscriber too, one that takes each notification as it is published, for the application to read.
/// </para>
/// <para>
/// Secrets are masked before any channel sees a notification: subscribers receive a copy whose changes, errors, message
/// and migration lines carry <c>***</c> for secret values (the snapshots are the configuration itself and stay intact).
/// </para>
/// Subscribers can be added and removed from any thread at any time.
/// </summary>
public sealed class ConfigurationNotificationManager : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private readonly NotificationCounters _counters = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SecretRedactor _redactor;
    private readonly object[] _builtInChannels;
    private readonly NotificationHistory _history;
    private SubscriberWorker[] _workers = [];
    private long _nextId;
    private volatile bool _disposed;

    /// <summary>Creates the manager and its built-in channels.</summary>
    /// <param name="options">Settings; defaults when null. Validated and copied here: later changes to them have no effect.</param>
    /// <param name="loggerFactory">For the Log channel and the manager's own diagnostics; nothing is logged when null.</param>
    /// <param name="timeProvider">Measures async timeouts and stamps notifications made by <see cref="Publish(ReloadEvent, string, IReadOnlyList{string}?)"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">The File channel is on and its file cannot be opened.</exception>
    public ConfigurationNotificationManager(NotificationOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        Options = options?.Clone() ?? new NotificationOptions();
        Options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<ConfigurationNotificationManager>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _redactor = Options.Redactor ?? SecretRedactor.Default;
        _history = new NotificationHistory(Options.HistorySize);
        var builtIn = NotificationChannelFactory.Create(Options, _redactor, loggerFactory);
        _builtInChannels = [.. builtIn.Select(c => c.Subscriber)];
        Queue = _builtInChannels.OfType<QueueNotificationChannel>().FirstOrDefault()?.Reader;
        foreach (var (channel, subscriber) in builtIn)
        {
            Add(subscriber, channel, NotificationChannelFactory.NameOf(channel), Options.Filter);
        }
    }

    /// <summary>The settings in use (the manager's own copy; treat it as read-only).</summary>
    public NotificationOptions Options { get; }

    /// <summary>
    /// The Queue channel, when it is enabled (null otherwise): a bounded queue of notifications, secrets masked, that the
    /// application reads at its own pace (<c>ReadAsync</c>, <c>TryRead</c>, <c>ReadAllAsync</c>). What a full queue loses is
    /// counted in <see cref="GetStatistics"/>. Disposing the manager completes it: readers finish once it is empty.
    /// </summary>
    public ChannelReader<ReloadNotification>? Queue { get; }

    /// <summary>The number of active subscribers, built-in channels included.</summary>
    public int SubscriberCount => Volatile.Read(ref _workers).Length;

    /// <summary>
    /// Publishes a notification to every channel and subscriber. Never waits for them and never throws because of them:
    /// it only puts the notification on each subscriber's queue (and, masked, in the history). After disposal it does nothing.
    /// </summary>
    /// <param name="notification">The notification.</param>
    public void Publish(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_disposed)
        {
            return;
        }

        var envelope = new NotificationEnvelope(notification, _redactor);
        var kept = _history.Capacity > 0 ? envelope.Redacted with { OldSnapshot = null, NewSnapshot = null } : null;
        List<SubscriberWorker>? overflowing = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _counters.AddSent();
            if (kept is not null)
            {
                _history.Add(kept);
            }

            foreach (var worker in _workers)
            {
                if (worker.Post(envelope))
                {
                    (overflowing ??= []).Add(worker);
                }
            }
        }

        if (overflowing is not null)
        {
            foreach (var worker in overflowing)
            {
                NotificationLog.SubscriberDropped(_logger, worker.Name, worker.Channel, worker.Capacity, worker.Counters.Dropped);
            }
        }
    }

    /// <summary>
    /// Builds and publishes a notification stamped with the manager's time and <see cref="NotificationOptions.DefaultPriority"/>
    /// (or the event's own default).
    /// </summary>
    /// <param name="eventType">What happened.</param>
    /// <param name="message">A one-line summary.</param>
    /// <param name="files">The files involved, relative to the config directory.</param>
    /// <returns>The notification published.</returns>
    public ReloadNotification Publish(ReloadEvent eventType, string message, IReadOnlyList<string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var notification = new ReloadNotification
        {
            EventType = eventType,
            Timestamp = _timeProvider.GetUtcNow(),
            Files = files ?? [],
            Message = message,
            Priority = Options.DefaultPriority ?? ReloadNotification.DefaultPriority(eventType),
        };
        Publish(notification);
        return notification;
    }

    /// <summary>Adds a synchronous subscriber (Callback channel) with the filter it declares.</summary>
    /// <param name="subscriber">The subscriber.</param>
    /// <param name="name">A name for statistics and logs; the type name when null.</param>
    /// <exception cref="InvalidOperationException">The Callback channel is not enabled, or the manager is disposed.</exception>
    public NotificationSubscription Subscribe(INotificationSubscriber subscriber, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return Register(subscriber, NotificationChannel.Callback, name, subscriber.Filter);
    }

    /// <summary>Adds an asynchronous subscriber (AsyncCallback channel) with the filter it declares.</summary>
    /// <param name="subscriber">The subscriber.</param>
    /// <param name="name">A name for statistics and logs; the type name when null.</param>
    /// <exception cref="InvalidOperationException">The AsyncCallback channel is not enabled, or the manager is disposed.</exception>
    public NotificationSubscription Subscribe(IAsyncNotificationSubscriber subscriber, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return Register(subscriber, NotificationChannel.AsyncCallback, name, subscriber.Filter);
    }

    /// <summary>Adds a synchronous delegate (Callback channel). This is what the hot reloader's <c>AddNotificationCallback</c> uses.</summary>
    /// <param name="callback">Called once per notification, on its own worker.</param>
    /// <param name="filter">Which notifications to receive; null for all.</param>
    /// <param name="name">A name for statistics and logs.</param>
    /// <exception cref="InvalidOperationException">The Callback channel is not enabled, or the manager is disposed.</exception>
    public NotificationSubscription AddCallback(Action<ReloadNotification> callback, NotificationFilter? filter = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Register(new CallbackNotificationChannel(callback, filter), NotificationChannel.Callback, name ?? "callback", filter);
    }

    /// <summary>Adds an asynchronous delegate (AsyncCallback channel), bounded by <see cref="NotificationOptions.AsyncTimeout"/>.</summary>
    /// <param name="callback">Called once per notification, on its own worker; the token is cancelled on timeout.</param>
    /// <param name="filter">Which notifications to receive; null for all.</param>
    /// <param name="name">A name for statistics and logs.</param>
    /// <exception cref="InvalidOperationException">The AsyncCallback channel is not enabled, or the manager is disposed.</exception>
    public NotificationSubscription AddAsyncCallback(Func<ReloadNotification, CancellationToken, Task> callback, NotificationFilter? filter = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Register(new AsyncCallbackNotificationChannel(callback, filter), NotificationChannel.AsyncCallback, name ?? "async-callback", filter);
    }

    /// <summary>
    /// Calls back with the old and the new value of a section, bound to <typeparamref name="T"/> from the notification's
    /// snapshots, whenever that value actually changed (Callback channel). Records, value types and other
    /// <see cref="IEquatable{T}"/> types compare by value; other types by the section's subtree. A section that appears or
    /// disappears gives <c>default</c> on the missing side. The first load does not call back. A section that no longer
    /// binds counts as a failed delivery and is logged with its <c>file:line:column</c>.
    /// </summary>
    /// <typeparam name="T">The section's type.</typeparam>
    /// <param name="section">The section's key path, e.g. <c>redis</c>.</param>
    /// <param name="callback">Receives (old, current).</param>
    /// <param name="name">A name for statistics and logs; <c>on-change:SECTION</c> when null.</param>
    /// <exception cref="ArgumentException"><paramref name="section"/> is not a valid key path.</exception>
    /// <exception cref="InvalidOperationException">The Callback channel is not enabled, or the manager is disposed.</exception>
    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    public NotificationSubscription OnChange<T>(string section, Action<T?, T?> callback, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!ConfigPath.TryParse(section, out var path, out var error))
        {
            throw new ArgumentException($"section {error}", nameof(section));
        }

        return Register(new SectionChangeSubscriber<T>(path, callback), NotificationChannel.Callback, name ?? "on-change:" + path.Text, null);
    }

    /// <summary>Removes every subscription of a subscriber object or delegate.</summary>
    /// <param name="subscriberOrCallback">A subscriber, or a delegate given to <see cref="AddCallback"/>, <see cref="AddAsyncCallback"/> or <see cref="OnChange{T}"/>.</param>
    /// <returns>True when something was removed.</returns>
    public bool Unsubscribe(object subscriberOrCallback)
    {
        ArgumentNullException.ThrowIfNull(subscriberOrCallback);
        SubscriberWorker[] removed;
        lock (_gate)
        {
            removed = [.. _workers.Where(w => IsSubscriber(w, subscriberOrCallback))];
            if (removed.Length == 0)
            {
                return false;
            }

            _workers = [.. _workers.Except(removed)];
        }

        foreach (var worker in removed)
        {
            worker.Dispose();
        }

        return true;
    }

    /// <summary>The counters now: sent, and per channel and per subscriber delivered, failed, dropped, timed out, filtered and queue depth.</summary>
    public NotificationStatistics GetStatistics() => _counters.Snapshot(Volatile.Read(ref _workers), Options);

    /// <summary>Sets every counter of <see cref="GetStatistics"/> back to zero (queue depths are not counters and stay).</summary>
    public void ResetStatistics()
    {
        lock (_gate)
        {
            _counters.Reset(_workers);
        }
    }

    /// <summary>
    /// The latest notifications published (at most <see cref="NotificationOptions.HistorySize"/>), oldest first, secrets
    /// masked and without their snapshots. Never locks or waits, whatever is being published meanwhile.
    /// </summary>
    /// <param name="eventType">Only notifications of this event type; all when null.</param>
    public IReadOnlyList<ReloadNotification> GetHistory(ReloadEvent? eventType = null) => _history.List(eventType);

    /// <summary>Forgets the notifications kept for <see cref="GetHistory"/>.</summary>
    public void ClearHistory()
    {
        lock (_gate)
        {
            _history.Clear();
        }
    }

    /// <summary>
    /// Waits until every subscriber has dealt with everything published so far (delivered, filtered, failed, timed out or
    /// dropped). For tests and orderly shutdown; what the Queue channel took waits there for the application to read it.
    /// </summary>
    /// <param name="timeout">How long to wait (wall-clock).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>True when drained, false when the time ran out (a subscriber is still busy).</returns>
    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _workers.Select(w => w.WhenDrainedAsync(w.Posted))];
        }

        return WaitAsync(pending, timeout, cancellationToken);
    }

    /// <summary>
    /// Stops the manager: publishing becomes a no-op, queued deliveries get up to <see cref="NotificationOptions.ShutdownTimeout"/>
    /// to drain, then every worker is stopped (async deliveries are cancelled), the Queue channel is completed and the file is closed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        SubscriberWorker[] workers;
        Task[] drained;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            workers = _workers;
            _workers = [];
            drained = [.. workers.Select(w => w.WhenDrainedAsync(w.Posted))];
        }

        var timeout = Options.ShutdownTimeout;
        if (timeout > TimeSpan.Zero && !await WaitAsync(drained, timeout, CancellationToken.None).ConfigureAwait(false))
        {
            NotificationLog.DrainTimedOut(_logger, timeout);
        }

        foreach (var worker in workers)
        {
            worker.Stop();
        }

        var stopped = await WaitAsync([.. workers.Select(w => w.Completion)], timeout, CancellationToken.None).ConfigureAwait(false);
        if (!stopped)
        {
            var stuck = workers.Where(w => !w.Completion.IsCompleted).Select(w => w.Name).ToList();
            NotificationLog.WorkersAbandoned(_logger, stuck.Count, timeout, string.Join(", ", stuck));
        }

        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        foreach (var channel in _builtInChannels.OfType<IDisposable>())
        {
            channel.Dispose();
        }
    }

    /// <summary>Disposes synchronously (see <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal static async Task<bool> WaitAsync(Task[] pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (pending.All(t => t.IsCompleted))
        {
            return true;
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    internal bool IsActive(SubscriberWorker worker) => Array.IndexOf(Volatile.Read(ref _workers), worker) >= 0;

    internal void Remove(SubscriberWorker worker)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_workers, worker);
            if (index < 0)
            {
                return;
            }

            _workers = [.. _workers[..index], .. _workers[(index + 1)..]];
        }

        worker.Dispose();
    }

    private static bool IsSubscriber(SubscriberWorker worker, object candidate) =>
        worker.Channel is NotificationChannel.Callback or NotificationChannel.AsyncCallback
        && (ReferenceEquals(worker.Target, candidate) || (worker.Target is IDelegateSubscriber adapter && Equals(adapter.Callback, candidate)));

    private NotificationSubscription Register(object subscriber, NotificationChannel channel, string? name, NotificationFilter? filter)
    {
        if (!Options.IsEnabled(channel))
        {
            throw new InvalidOperationException($"the {channel} notification channel is not enabled; add NotificationChannel.{channel} to NotificationOptions.EnabledChannels");
        }

        var worker = Add(subscriber, channel, name ?? subscriber.GetType().Name, filter);
        return new NotificationSubscription(this, worker);
    }

    private SubscriberWorker Add(object subscriber, NotificationChannel channel, string name, NotificationFilter? filter)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var worker = SubscriberWorker.Start(++_nextId, name, channel, subscriber, filter, Options, _counters.For(channel), _logger, _timeProvider);
            _workers = [.. _workers, worker];
            return worker;
        }
    }
}
