using Strata.Reload.Watching;

namespace Strata.Reload.Strategies;

/// <summary>Never reloads by itself: changes wait until <see cref="ConfigurationHotReloader.ReloadNowAsync"/>.</summary>
internal sealed class ManualReloadHandler : ReloadStrategyHandler
{
    /// <summary>Creates the handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader for a reload (unused: manual means manual).</param>
    public ManualReloadHandler(ReloadOptions options, Action requestReload)
        : base(options, requestReload)
    {
    }

    /// <inheritdoc />
    public override void OnChange(IReadOnlyList<string> files, FileEventKind kind, int pendingFileCount)
    {
    }
}
