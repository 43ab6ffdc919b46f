using Strata.Reload.Watching;

namespace Strata.Reload.Strategies;

/// <summary>Reloads every <see cref="ReloadOptions.ScheduleInterval"/>, but only when something changed since the last reload.</summary>
internal sealed class ScheduledReloadHandler : ReloadStrategyHandler
{
    private readonly ITimer _timer;
    private int _dirty;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader for a reload.</param>
    public ScheduledReloadHandler(ReloadOptions options, Action requestReload)
        : base(options, requestReload)
    {
        _timer = options.TimeProvider.CreateTimer(_ => Tick(), null, options.ScheduleInterval, options.ScheduleInterval);
    }

    /// <inheritdoc />
    public override void OnChange(IReadOnlyList<string> files, FileEventKind kind, int pendingFileCount) => Volatile.Write(ref _dirty, 1);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Tick()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 1)
        {
            RequestReload();
        }
    }
}
