namespace Strata.Reload.Strategies;

/// <summary>
/// Reloads as soon as the burst of events from one save has been quiet for <see cref="ReloadOptions.SettleDelay"/>, or
/// at once when the change source signals whole changes.
/// </summary>
internal sealed class ImmediateReloadHandler : ReloadStrategyHandler
{
    private readonly DebounceTimer? _settle;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader for a reload.</param>
    /// <param name="wholeChanges">Each signal is a whole change: nothing to wait for.</param>
    public ImmediateReloadHandler(ReloadOptions options, Action requestReload, bool wholeChanges = false)
        : base(options, requestReload)
    {
        if (options.SettleDelay > TimeSpan.Zero && !wholeChanges)
        {
            _settle = new DebounceTimer(options.TimeProvider, options.SettleDelay, RequestReload);
        }
    }

    /// <inheritdoc />
    public override void OnChange(int pendingFileCount)
    {
        if (_settle is null)
        {
            RequestReload();
        }
        else
        {
            _settle.Restart();
        }
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
}
