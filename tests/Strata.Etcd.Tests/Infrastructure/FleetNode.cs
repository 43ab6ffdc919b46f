using System.Collections.Concurrent;
using Strata.Etcd.Watching;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;
using Strata.Snapshots;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>
/// One instance of a fleet: a hot reloader over an etcd prefix (environment production, agent worker), recording
/// the release every published snapshot shows and any snapshot whose layers came from different releases.
/// </summary>
internal sealed class FleetNode : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private FleetNode(EtcdConfiguration etcd, ConfigurationHotReloader reloader)
    {
        Etcd = etcd;
        Reloader = reloader;
        reloader.AddNotificationCallback(Record);
    }

    public EtcdConfiguration Etcd { get; }

    public ConfigurationHotReloader Reloader { get; }

    /// <summary>The release of every published snapshot, in order.</summary>
    public ConcurrentQueue<long> Seen { get; } = new();

    /// <summary>Snapshots that mixed releases (must stay empty).</summary>
    public ConcurrentQueue<string> Torn { get; } = new();

    public ConcurrentQueue<ReloadNotification> Failures { get; } = new();

    public static EnvironmentConfigOptions ManagerOptions() => new()
    {
        Environment = "production",
        Agent = "worker",
        EnvironmentVariablePrefix = null,
        EnvironmentVariables = new Dictionary<string, string>(),
    };

    /// <summary>Connects and starts a reloader that also registers the node at <c>{prefix}/instances/{id}</c>.</summary>
    public static async Task<FleetNode> StartAsync(EtcdOptions options, ReloadOptions? reloadOptions = null, EnvironmentConfigOptions? managerOptions = null)
    {
        var etcd = await EtcdConfiguration.ConnectAsync(options, managerOptions ?? ManagerOptions());
        var reloader = etcd.CreateReloader(reloadOptions ?? new ReloadOptions());
        var node = new FleetNode(etcd, reloader);
        await reloader.StartAsync();
        return node;
    }

    public long Release => ReleaseConfig.ReleaseOf(Reloader.Current);

    /// <summary>Waits (for published versions, not for time) until the served configuration shows the release.</summary>
    public async Task<ConfigSnapshot> WaitForReleaseAsync(long release)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var current = Reloader.Current;
            if (ReleaseConfig.ReleaseOf(current) >= release)
            {
                return current;
            }

            try
            {
                await Reloader.WaitForVersionAsync(current.Version + 1, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"release {release} did not arrive within {Patience.TotalSeconds} s; serving {ReleaseConfig.ReleaseOf(Reloader.Current)}; watch: {Etcd.Statistics}");
            }
        }
    }

    /// <summary>Waits until the watch reaches a connection state.</summary>
    public async Task WaitForStateAsync(EtcdConnectionState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnState(object? sender, EtcdConnectionState now)
        {
            if (now == state)
            {
                reached.TrySetResult();
            }
        }

        Etcd.ChangeSource.ConnectionStateChanged += OnState;
        try
        {
            if (Etcd.Statistics.State != state)
            {
                await reached.Task.WaitAsync(Patience);
            }
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the watch did not become {state} within {Patience.TotalSeconds} s: {Etcd.Statistics}");
        }
        finally
        {
            Etcd.ChangeSource.ConnectionStateChanged -= OnState;
        }
    }

    /// <summary>Delivers every pending notification, so <see cref="Seen"/> and <see cref="Torn"/> are complete.</summary>
    public async Task FlushAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await Reloader.FlushNotificationsAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Reloader.DisposeAsync();
        await Etcd.DisposeAsync();
    }

    private void Record(ReloadNotification notification)
    {
        if (notification.EventType == ReloadEvent.ConfigFailed)
        {
            Failures.Enqueue(notification);
        }

        if (notification.NewSnapshot is { } snapshot && notification.EventType is ReloadEvent.ConfigLoaded or ReloadEvent.ConfigReloaded)
        {
            try
            {
                Seen.Enqueue(ReleaseConfig.ReleaseOf(snapshot));
            }
            catch (InvalidOperationException ex)
            {
                Torn.Enqueue($"version {snapshot.Version}: {ex.Message}");
            }
        }
    }
}
