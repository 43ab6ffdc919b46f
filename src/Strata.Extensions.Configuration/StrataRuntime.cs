using Microsoft.Extensions.Logging;
using Strata.Extensions.Configuration.Services;
using Strata.Extensions.Configuration.Validation;
using Strata.Hierarchy;
using Strata.Reload;

namespace Strata.Extensions.Configuration;

/// <summary>
/// One config directory kept live: the manager, its hot reloader, and the validators that services attach to its
/// pipeline. Shared by every provider and service that reads the same directory, so it is loaded and watched once.
/// </summary>
internal sealed class StrataRuntime : IAsyncDisposable, IDisposable
{
    /// <summary>The log category of the reloader.</summary>
    public const string LoggerCategory = "Strata.Reload";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _loaded;
    private int _disposed;
    private int _users;

    public StrataRuntime(string configDirectory, StrataOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var managerOptions = (options.Manager ?? new EnvironmentConfigOptions()).Clone();
        if (!string.IsNullOrEmpty(options.Environment))
        {
            managerOptions.Environment = options.Environment;
        }

        if (options.Agent is not null)
        {
            managerOptions.Agent = options.Agent;
        }

        Validators = new CompositeSnapshotValidator(managerOptions.Validator);
        managerOptions.Validator = Validators;
        Manager = new EnvironmentConfigManager(configDirectory, managerOptions);
        Logger = new ForwardingLogger(options.LoggerFactory?.CreateLogger(LoggerCategory));
        Reloader = new ConfigurationHotReloader(Manager, options.Reload ?? new ReloadOptions(), options.ChangeSource, Logger);
    }

    public EnvironmentConfigManager Manager { get; }

    public ConfigurationHotReloader Reloader { get; }

    /// <summary>The pipeline's validate stage as seen by this runtime: the configured validator plus attached ones.</summary>
    public CompositeSnapshotValidator Validators { get; }

    /// <summary>The reloader's logger; a service provider attaches its logging when none was given in options.</summary>
    public ForwardingLogger Logger { get; }

    /// <summary>
    /// Loads the configuration and starts watching, once, synchronously: configuration providers and service
    /// factories cannot await. Throws <see cref="Model.ConfigurationLoadException"/> when the configuration is invalid.
    /// </summary>
    public void EnsureStarted()
    {
        if (_loaded)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _gate.Wait();
        try
        {
            if (!_loaded)
            {
                Reloader.StartAsync().ConfigureAwait(false).GetAwaiter().GetResult();
                _loaded = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Registers a configuration provider that keeps the runtime watching: loads if needed, and starts watching again
    /// if it was stopped. Providers come and go when a <c>ConfigurationManager</c> rebuilds them; the reloader, its
    /// versions and everything sharing it stay.
    /// </summary>
    public void Acquire()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _gate.Wait();
        try
        {
            Reloader.StartAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            _loaded = true;
            _users++;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Unregisters a provider; the last one out stops watching (the snapshot stays readable).</summary>
    public void Release()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _gate.Wait();
        try
        {
            if (--_users == 0 && Volatile.Read(ref _disposed) == 0)
            {
                Reloader.StopAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Loads if needed and (re)starts watching.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Reloader.StartAsync(cancellationToken).ConfigureAwait(false);
            _loaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops watching; the last snapshot stays readable. Nothing to do once disposed (a host may stop after its configuration was disposed).</summary>
    public async Task StopAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                await Reloader.StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops and disposes the reloader once. The gate is left undisposed on purpose: a host's StopAsync may still be
    /// on its way, and a SemaphoreSlim whose wait handle was never requested holds nothing to release.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await Reloader.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    public void Dispose() => DisposeAsync().AsTask().ConfigureAwait(false).GetAwaiter().GetResult();

    public override string ToString() =>
        $"{Manager.ConfigDirectory} ({Manager.Environment}{(Manager.Agent is null ? string.Empty : "/" + Manager.Agent)})";
}
