using Strata.Reload.Watching;

namespace Strata.Reload.Strategies;

/// <summary>
/// Decides when a reload runs after changes arrive. One handler per <see cref="ReloadStrategy"/>; timers
/// come from the options' <see cref="TimeProvider"/>, so tests drive them with a fake clock. A handler
/// only asks for a reload; the reloader runs it, serialized with every other reload.
/// </summary>
internal abstract class ReloadStrategyHandler : IDisposable
{
    private readonly Action _requestReload;

    /// <summary>Creates a handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader to run a reload soon; cheap and thread-safe.</param>
    protected ReloadStrategyHandler(ReloadOptions options, Action requestReload)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(requestReload);
        Options = options;
        _requestReload = requestReload;
    }

    /// <summary>The reload settings.</summary>
    protected ReloadOptions Options { get; }

    /// <summary>Creates the handler for <see cref="ReloadOptions.Strategy"/>.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader to run a reload soon.</param>
    /// <param name="wholeChanges">The change source signals whole changes: the immediate strategy does not wait for them to settle.</param>
    public static ReloadStrategyHandler Create(ReloadOptions options, Action requestReload, bool wholeChanges = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Strategy switch
        {
            ReloadStrategy.Immediate => new ImmediateReloadHandler(options, requestReload, wholeChanges),
            ReloadStrategy.Batched => new BatchedReloadHandler(options, requestReload),
            ReloadStrategy.Scheduled => new ScheduledReloadHandler(options, requestReload),
            _ => new ManualReloadHandler(options, requestReload),
        };
    }

    /// <summary>Called for every change signal; <paramref name="pendingFileCount"/> counts distinct files waiting.</summary>
    /// <param name="files">The files the signal names (relative paths, pending already); empty for a change that names none.</param>
    /// <param name="kind">
    /// What the files' last events say: <see cref="FileEventKind.Changed"/> from any source, and on Linux
    /// <see cref="FileEventKind.Writing"/> (a writer may still be at work) or <see cref="FileEventKind.Whole"/> (closed
    /// after writing, or renamed into place).
    /// </param>
    /// <param name="pendingFileCount">Distinct changed files not yet reloaded.</param>
    public abstract void OnChange(IReadOnlyList<string> files, FileEventKind kind, int pendingFileCount);

    /// <summary>Called after each reload attempt, so timers can be reset.</summary>
    public virtual void OnReloaded()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases timers.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Asks the reloader for a reload.</summary>
    protected void RequestReload() => _requestReload();
}
