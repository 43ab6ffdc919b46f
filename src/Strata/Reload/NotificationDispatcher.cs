using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Strata.Notifications;

namespace Strata.Reload;

/// <summary>
/// Delivers the reloader's notifications to callbacks on one background task, in order, so a slow or
/// throwing callback never delays a reload.
/// </summary>
internal sealed class NotificationDispatcher : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly Channel<(ReloadNotification? Notification, TaskCompletionSource? Flush)> _queue =
        Channel.CreateUnbounded<(ReloadNotification?, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _pump;
    private Action<ReloadNotification>[] _callbacks = [];

    public NotificationDispatcher(ILogger logger)
    {
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    public IDisposable Add(Action<ReloadNotification> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Action<ReloadNotification>[] before, after;
        do
        {
            before = Volatile.Read(ref _callbacks);
            after = [.. before, callback];
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _callbacks, after, before), before));

        return new Subscription(this, callback);
    }

    public void Publish(ReloadNotification notification) => _queue.Writer.TryWrite((notification, null));

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((null, done)) ? done.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private void Remove(Action<ReloadNotification> callback)
    {
        Action<ReloadNotification>[] before, after;
        do
        {
            before = Volatile.Read(ref _callbacks);
            after = [.. before.Where(c => c != callback)];
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _callbacks, after, before), before));
    }

    private async Task PumpAsync()
    {
        await foreach (var (notification, flush) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (notification is not null)
            {
                foreach (var callback in Volatile.Read(ref _callbacks))
                {
                    try
                    {
                        callback(notification);
                    }
                    catch (Exception ex)
                    {
                        ReloaderLog.CallbackFailed(_logger, ex.Message);
                    }
                }
            }

            flush?.TrySetResult();
        }
    }

    private sealed class Subscription(NotificationDispatcher owner, Action<ReloadNotification> callback) : IDisposable
    {
        public void Dispose() => owner.Remove(callback);
    }
}
