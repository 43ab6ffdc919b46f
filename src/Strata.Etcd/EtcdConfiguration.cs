using Strata.Etcd.Reading;
using Strata.Etcd.Storage;
using Strata.Etcd.Watching;
using Strata.Hierarchy;

namespace Strata.Etcd;

/// <summary>
/// A configuration that lives in etcd, ready for the ordinary Strata machinery: <see cref="Manager"/> loads it
/// through the unchanged pipeline (layers, provenance, validation), and <see cref="ChangeSource"/> hands the hot
/// reloader one signal per applied transaction. Create one with <see cref="ConnectAsync"/>; dispose it to stop
/// watching and close the connection.
/// </summary>
public sealed class EtcdConfiguration : IAsyncDisposable
{
    private readonly EtcdStore _store;

    private EtcdConfiguration(EtcdStore store, EtcdConfigFileSystem fileSystem, EnvironmentConfigManager manager)
    {
        _store = store;
        FileSystem = fileSystem;
        Manager = manager;
        ChangeSource = new EtcdConfigChangeSource(store, fileSystem);
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
            var initial = await store.ReadConfigAsync(cancellationToken).ConfigureAwait(false);
            var fileSystem = new EtcdConfigFileSystem(initial);
            var managerOptions = configOptions?.Clone() ?? new EnvironmentConfigOptions();
            managerOptions.FileSystem = fileSystem;
            return new EtcdConfiguration(store, fileSystem, new EnvironmentConfigManager(fileSystem.RootDirectory, managerOptions));
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
        await ChangeSource.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
    }
}
