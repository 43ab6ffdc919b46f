using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Tests;

/// <summary>
/// A reloader over an in-memory file system, a hand-fired change source and a fake clock, recording every
/// notification. Waits are for events, never for time.
/// </summary>
internal sealed class ReloadHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public ReloadHarness(ReloadStrategy strategy, string baseYaml = "a: 1\nb: 1\n", Action<ReloadOptions>? configure = null, EnvironmentConfigOptions? managerOptions = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        Files.Write("base.yaml", baseYaml);
        Faults = new FaultyFileSystem(Files, Files.Root);
        managerOptions ??= new EnvironmentConfigOptions();
        managerOptions.FileSystem = Faults;
        managerOptions.EnvironmentVariables = new Dictionary<string, string>();
        managerOptions.TimeProvider = Time;
        Options = new ReloadOptions { Strategy = strategy, TimeProvider = Time };
        configure?.Invoke(Options);
        Manager = new EnvironmentConfigManager(Files.Root, managerOptions);
        Reloader = new ConfigurationHotReloader(Manager, Options, Source, logger ?? Log);
        Reloader.AddNotificationCallback(n => Notifications.Enqueue(n));
    }

    public InMemoryFileSystem Files { get; } = new();

    /// <summary>The file system the reloader reads through: <see cref="Files"/>, until a fault is set.</summary>
    public FaultyFileSystem Faults { get; }

    public ManualChangeSource Source { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-27T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public ReloadOptions Options { get; }

    public EnvironmentConfigManager Manager { get; }

    /// <summary>Everything the reloader logged.</summary>
    public FakeLogger Log { get; } = new();

    public ConfigurationHotReloader Reloader { get; }

    public ConcurrentQueue<ReloadNotification> Notifications { get; } = new();

    public async Task<ReloadHarness> StartAsync()
    {
        await Reloader.StartAsync();
        return this;
    }

    public void Edit(string relative, string content)
    {
        Files.Write(relative, content);
        Source.Fire(relative);
    }

    public async Task<Strata.Snapshots.ConfigSnapshot> WaitForVersion(long version)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await Reloader.WaitForVersionAsync(version, cts.Token);
    }

    /// <summary>Waits until every requested reload has run and every notification is delivered.</summary>
    public async Task Settle()
    {
        using var cts = new CancellationTokenSource(Patience);
        await Reloader.DrainAsync(cts.Token);
        await Reloader.FlushNotificationsAsync(cts.Token);
    }

    public IReadOnlyList<ReloadEvent> Events => [.. Notifications.Select(n => n.EventType)];

    public async ValueTask DisposeAsync() => await Reloader.DisposeAsync();
}
