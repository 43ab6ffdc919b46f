using System.Threading.Channels;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Tests.Reload;

/// <summary>
/// Reloaders over a real config directory whose notifications queue here, so a test waits for the event it expects
/// (with a generous timeout) instead of for a length of time.
/// </summary>
internal sealed class ReloaderInbox
{
    /// <summary>How long a test waits for an event before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Channel<ReloadNotification> _events = Channel.CreateUnbounded<ReloadNotification>();

    /// <summary>A reloader of <paramref name="directory"/> with no process environment variables, reporting here.</summary>
    public ConfigurationHotReloader Create(string directory, Action<ReloadOptions>? configure = null, string? environment = null)
    {
        var options = new ReloadOptions();
        configure?.Invoke(options);
        var manager = new EnvironmentConfigManager(directory, new EnvironmentConfigOptions { EnvironmentVariables = new Dictionary<string, string>(), Environment = environment });
        var reloader = new ConfigurationHotReloader(manager, options);
        Attach(reloader);
        return reloader;
    }

    /// <summary>Creates and starts a reloader, and waits for its first load.</summary>
    public async Task<ConfigurationHotReloader> StartAsync(string directory, Action<ReloadOptions>? configure = null, string? environment = null)
    {
        var reloader = Create(directory, configure, environment);
        await reloader.StartAsync();
        await NextAsync(ReloadEvent.ConfigLoaded);
        return reloader;
    }

    /// <summary>Queues the notifications of another reloader here too.</summary>
    public void Attach(ConfigurationHotReloader reloader) => reloader.AddNotificationCallback(n => _events.Writer.TryWrite(n));

    /// <summary>The next notification of one of the <paramref name="wanted"/> kinds; the others before it are skipped.</summary>
    public async Task<ReloadNotification> NextAsync(params ReloadEvent[] wanted)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            var n = await _events.Reader.ReadAsync(cts.Token);
            if (wanted.Contains(n.EventType))
            {
                return n;
            }
        }
    }
}
