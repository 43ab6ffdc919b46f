using Microsoft.Extensions.Logging;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Reload.Watching;

namespace Strata.Reload;

/// <summary>
/// Starts the change source a reloader uses: the one given, else file-system events, else (when events cannot start
/// or polling is asked for) polling. A file-system source also reports, on Linux, which files are being written and which a save has left whole.
/// </summary>
internal static class ChangeSourceStarter
{
    public static async Task<IConfigChangeSource> StartAsync(
        IConfigChangeSource? custom,
        Func<IConfigChangeSource>? eventSourceFactory,
        EnvironmentConfigManager manager,
        ReloadOptions options,
        Action<IReadOnlyList<string>> onChange,
        Action<IReadOnlyList<string>, FileEventKind> onFileEvents,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (custom is not null)
        {
            await custom.StartAsync(onChange, cancellationToken).ConfigureAwait(false);
            return custom;
        }

        if (!options.UsePolling)
        {
            var events = eventSourceFactory?.Invoke() ?? new FileSystemChangeSource(manager.ConfigDirectory, options);
            if (events is FileSystemChangeSource files)
            {
                files.FileEvents = onFileEvents;
            }

            try
            {
                await events.StartAsync(onChange, cancellationToken).ConfigureAwait(false);
                (events as FileSystemChangeSource)?.TrackLinkTargets(LayerPaths(manager));
                return events;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                await events.DisposeAsync().ConfigureAwait(false);
                ReloaderLog.FallingBackToPolling(logger, ex.Message, options.PollingInterval);
            }
        }

        var polling = new PollingChangeSource(manager.ConfigDirectory, options);
        await polling.StartAsync(onChange, cancellationToken).ConfigureAwait(false);
        return polling;
    }

    private static List<string> LayerPaths(EnvironmentConfigManager manager)
    {
        try
        {
            return manager.GetLayerFiles().Select(f => f.FullPath).ToList();
        }
        catch (ConfigurationLoadException)
        {
            return [];
        }
    }
}
