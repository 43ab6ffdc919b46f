using Strata.Reload.Watching;

namespace Strata.Reload.Strategies;

/// <summary>
/// Reloads <see cref="ReloadOptions.BatchDelay"/> after the last change, or at once when
/// <see cref="ReloadOptions.MaxBatchSize"/> distinct files are waiting.
/// </summary>
internal sealed class BatchedReloadHandler : ReloadStrategyHandler
{
    private readonly DebounceTimer _timer;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader for a reload.</param>
    public BatchedReloadHandler(ReloadOptions options, Action requestReload)
        : base(options, requestReload)
    {
        _timer = new DebounceTimer(options.TimeProvider, options.BatchDelay, RequestReload);
    }

    /// <inheritdoc />
    public override void OnChange(IReadOnlyList<string> files, FileEventKind kind, int pendingFileCount)
    {
        if (Options.MaxBatchSize > 0 && pendingFileCount >= Options.MaxBatchSize)
        {
            _timer.Cancel();
            RequestReload();
        }
        else
        {
            _timer.Restart();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
        }

        base.Dispose(disposing);
    }
}
