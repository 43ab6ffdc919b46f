using Microsoft.Extensions.Logging;
using Strata.Etcd.Instances;
using Strata.Etcd.Reading;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;
using Strata.Etcd.Watching;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Etcd;

/// <summary>
/// A configuration that lives in etcd, ready for the ordinary Strata machinery: <see cref="Manager"/> loads it
/// through the unchanged pipeline (layers, provenance, validation), and <see cref="ChangeSource"/> hands the hot
/// reloader one signal per applied transaction. Create one with <see cref="ConnectAsync"/> and the reloader with
/// <see cref="CreateReloader"/>, which also registers this process at <c>{prefix}/instances/{id}</c>; dispose it to
/// stop watching, remove the instance record and close the connection. During a staged rollout
/// (<see cref="Rollouts.EtcdRolloutDriver"/>) it serves the release its wave calls for.
/// </summary>
public sealed class EtcdConfiguration : IAsyncDisposable
{
    private readonly EtcdStore _store;
    private readonly Lock _gate = new();
    private InstanceTracker? _instance;
    private bool _disposed;

    private EtcdConfiguration(EtcdStore store, EtcdConfigFileSystem fileSystem, EtcdConfigRevision live, RolloutGate rollouts, EnvironmentConfigManager manager)
    {
        _store = store;
        FileSystem = fileSystem;
        Manager = manager;
        ChangeSource = new EtcdConfigChangeSource(store, fileSystem, live, rollouts);
    }

    /// <summary>The connection and prefix settings.</summary>
    public EtcdOptions Options => _store.Options;

    /// <summary>A manager over the etcd copy of the config directory (its <c>ConfigDirectory</c> is virtual).</summary>
    public EnvironmentConfigManager Manager { get; }

    /// <summary>The file-system view the manager reads.</summary>
    public EtcdConfigFileSystem FileSystem { get; }

    /// <summary>The watch, to give to the hot reloader; it starts when the reloader starts it.</summary>
    public EtcdConfigChangeSource ChangeSource { get; }

    /// <summary>The copy currently served.</summary>
    public EtcdConfigRevision Current => FileSystem.Current;

    /// <summary>Connection state, revision, release and lag of the watch.</summary>
    public EtcdWatchStatistics Statistics => ChangeSource.Statistics;

    /// <summary>The id this process reports itself under at <c>{prefix}/instances/{id}</c> (<see cref="EtcdOptions.InstanceId"/>, by default <c>{host}-{pid}</c>).</summary>
    public string InstanceId => InstanceIdentity.Resolve(Options);

    /// <summary>The instance record, once a reloader from <see cref="CreateReloader"/> has loaded; for tests.</summary>
    internal InstanceTracker? Instance => _instance;

    /// <summary>
    /// The etcd release whose content a snapshot of the reloader from <see cref="CreateReloader"/> serves: the release
    /// it was loaded from, or for a rollback the release of the content it restored. Published snapshots are recorded
    /// before the health check runs, so a check can say which release it is judging. Null when unknown (no
    /// reloader, no release record, or a version older than the last 64).
    /// </summary>
    /// <param name="snapshot">A snapshot the reloader published.</param>
    public long? ReleaseOf(Snapshots.ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return _instance?.ReleaseOf(snapshot.Version);
    }

    /// <summary>
    /// Creates the hot reloader over this configuration (its change source is <see cref="ChangeSource"/>) and registers
    /// this process as an instance of the fleet: from the first load on, <c>{prefix}/instances/{InstanceId}</c> holds
    /// the release it serves and whether the newest release applied, was rejected, or failed the health check
    /// (<see cref="ReloadOptions.HealthCheck"/>) and was rolled back. The record lives on a lease of
    /// <see cref="EtcdOptions.InstanceTtl"/> that this process renews; it disappears when the process dies and is
    /// written again (on a new lease) when etcd comes back after an outage. Call it once.
    /// </summary>
    /// <param name="options">Reload settings; defaults when null.</param>
    /// <param name="logger">A logger for the reloader; none when null.</param>
    /// <param name="notifications">Where the reloader publishes events; its own callback channels when null.</param>
    /// <returns>The reloader; start it with <see cref="ConfigurationHotReloader.StartAsync"/> and dispose it before this configuration.</returns>
    /// <exception cref="InvalidOperationException">A reloader was already created.</exception>
    public ConfigurationHotReloader CreateReloader(ReloadOptions? options = null, ILogger? logger = null, ConfigurationNotificationManager? notifications = null)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_instance is not null)
            {
                throw new InvalidOperationException("this etcd configuration already has a reloader; create one per connection");
            }

            var reloader = new ConfigurationHotReloader(Manager, options, ChangeSource, logger, notifications);
            _instance = new InstanceTracker(reloader, FileSystem, ChangeSource, Options);
            return reloader;
        }
    }

    /// <summary>
    /// Connects, reads the configuration under the prefix once (at one revision), and returns a manager over it
    /// and a change source that watches from that revision on.
    /// </summary>
    /// <param name="options">Endpoints, prefix, TLS and credentials.</param>
    /// <param name="configOptions">Manager settings (environment, agent, overrides, validators); its file system is replaced by the etcd view.</param>
    /// <param name="cancellationToken">Cancels the first read.</param>
    /// <exception cref="EtcdException">etcd cannot be reached or refuses the read.</exception>
    public static async Task<EtcdConfiguration> ConnectAsync(EtcdOptions options, EnvironmentConfigOptions? configOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new EtcdStore(options);
        try
        {
            var live = await store.ReadConfigAsync(cancellationToken).ConfigureAwait(false);
            var rollouts = new RolloutGate(store, InstanceIdentity.Resolve(options));
            var fileSystem = new EtcdConfigFileSystem(await rollouts.ResolveAsync(live, cancellationToken).ConfigureAwait(false));
            var managerOptions = configOptions?.Clone() ?? new EnvironmentConfigOptions();
            managerOptions.FileSystem = fileSystem;
            return new EtcdConfiguration(store, fileSystem, live, rollouts, new EnvironmentConfigManager(fileSystem.RootDirectory, managerOptions));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        InstanceTracker? instance;
        lock (_gate)
        {
            _disposed = true;
            instance = _instance;
        }

        if (instance is not null)
        {
            await instance.DisposeAsync().ConfigureAwait(false);
        }

        await ChangeSource.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
    }
}
