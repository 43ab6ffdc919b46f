namespace Strata.Reload.Strategies;

/// <summary>
/// Reloads once the burst of events from one save has been quiet for <see cref="ReloadOptions.SettleDelay"/>, or sooner
/// when it is known to be over: at once when the change source signals whole changes, and as soon as every file with
/// events waiting has been reported whole (closed after writing, or renamed into place).
/// </summary>
internal sealed class ImmediateReloadHandler : ReloadStrategyHandler
{
    private readonly DebounceTimer? _settle;
    private readonly Lock _gate = new();

    // Files with events since they were last reported whole; a change that names no file stays here until the quiet time.
    private readonly HashSet<string> _unsettled = new(StringComparer.Ordinal);

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader for a reload.</param>
    /// <param name="wholeChanges">Each signal is a whole change: nothing to wait for.</param>
    public ImmediateReloadHandler(ReloadOptions options, Action requestReload, bool wholeChanges = false)
        : base(options, requestReload)
    {
        if (options.SettleDelay > TimeSpan.Zero && !wholeChanges)
        {
            _settle = new DebounceTimer(options.TimeProvider, options.SettleDelay, Settled);
        }
    }

    /// <inheritdoc />
    public override void OnChange(IReadOnlyList<string> files, int pendingFileCount)
    {
        if (_settle is null)
        {
            RequestReload();
            return;
        }

        lock (_gate)
        {
            if (files.Count == 0)
            {
                _unsettled.Add(PendingChanges.Structural);
            }
            else
            {
                _unsettled.UnionWith(files);
            }

            _settle.Restart();
        }
    }

    /// <inheritdoc />
    public override void OnWritesCompleted(IReadOnlyList<string> files, int pendingFileCount)
    {
        if (_settle is null)
        {
            RequestReload();
            return;
        }

        lock (_gate)
        {
            _unsettled.ExceptWith(files);
            if (_unsettled.Count > 0)
            {
                // Another file is still being written, or a directory or link changed: wait for the quiet time.
                return;
            }

            _settle.Cancel();
        }

        RequestReload();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _settle?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Settled()
    {
        lock (_gate)
        {
            _unsettled.Clear();
        }

        RequestReload();
    }
}
