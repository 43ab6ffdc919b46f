namespace Strata.Reload.Strategies;

/// <summary>Reloads as soon as the burst of events from one save has been quiet for <see cref="ReloadOptions.SettleDelay"/>.</summary>
internal sealed class ImmediateReloadHandler : ReloadStrategyHandler
{
    private readonly DebounceTimer? _settle;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader for a reload.</param>
    public ImmediateReloadHandler(ReloadOptions options, Action requestReload)
        : base(options, requestReload)
    {
        if (options.SettleDelay > TimeSpan.Zero)
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
