namespace Strata.Reload.Watching;

/// <summary>
/// Tells the hot reloader that configuration inputs may have changed. Implementations: file-system
/// events, content polling, and (in Strata.Etcd) an etcd watch. A source only signals; the reloader
/// decides when to run the pipeline, so sources never know about strategies or snapshots.
/// </summary>
public interface IConfigChangeSource : IAsyncDisposable
{
    /// <summary>How the source watches, for statistics: <c>events</c>, <c>polling</c>, <c>etcd</c>, ...</summary>
    string Mode { get; }

    /// <summary>
    /// What the source knows about its own health, for statistics (for etcd: connected or not, revision, lag);
    /// null when it has nothing to add. Shown as <see cref="ReloadStatistics.SourceStatus"/>.
    /// </summary>
    object? Status => null;

    /// <summary>
    /// True when each signal covers one whole change (an etcd transaction arrives at once), so the immediate strategy
    /// reloads without waiting for a burst of events to settle (<see cref="ReloadOptions.SettleDelay"/>). False for
    /// file systems, where one save is several events.
    /// </summary>
    bool SignalsWholeChanges => false;

    /// <summary>Starts watching; <paramref name="onChange"/> receives the relative paths that changed (may be empty when unknown). It must be cheap and never block.</summary>
    /// <param name="onChange">Called from any thread.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> is cancelled before the source starts; it then watches nothing.</exception>
    /// <exception cref="InvalidOperationException">The source is already started; a source starts once.</exception>
    /// <exception cref="ObjectDisposedException">The source is disposed.</exception>
    Task StartAsync(Action<IReadOnlyList<string>> onChange, CancellationToken cancellationToken = default);
}
