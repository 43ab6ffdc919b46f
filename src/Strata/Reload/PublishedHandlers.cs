using Microsoft.Extensions.Logging;
using Strata.Snapshots;

namespace Strata.Reload;

/// <summary>
/// The handlers that run on the reload worker right after a snapshot is published. Adding and removing is lock-free;
/// a handler that throws is logged and never stops the others or the worker.
/// </summary>
internal sealed class PublishedHandlers(ILogger logger)
{
    private Action<ConfigSnapshot>[] _handlers = [];

    /// <summary>Adds a handler; dispose the result to remove it.</summary>
    /// <param name="handler">Receives each published snapshot.</param>
    public IDisposable Add(Action<ConfigSnapshot> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Update(before => [.. before, handler]);
        return new Subscription(this, handler);
    }

    /// <summary>Calls every handler with <paramref name="snapshot"/>, in the order they were added.</summary>
    /// <param name="snapshot">The snapshot just published.</param>
    public void Invoke(ConfigSnapshot snapshot)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(snapshot);
            }
            catch (Exception ex)
            {
                ReloaderLog.PublishedHandlerFailed(logger, ex, snapshot.Version, ex.Message);
            }
        }
    }

    private void Update(Func<Action<ConfigSnapshot>[], Action<ConfigSnapshot>[]> change)
    {
        Action<ConfigSnapshot>[] before, after;
        do
        {
            before = Volatile.Read(ref _handlers);
            after = change(before);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _handlers, after, before), before));
    }

    private sealed class Subscription(PublishedHandlers owner, Action<ConfigSnapshot> handler) : IDisposable
    {
        private int _disposed;

        // Removes this subscription's entry only: the same handler added twice stays once.
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Update(before => Array.IndexOf(before, handler) is var at and >= 0 ? [.. before[..at], .. before[(at + 1)..]] : before);
            }
        }
    }
}
