using Microsoft.Extensions.Configuration;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Extensions.Configuration;

/// <summary>
/// An <see cref="IConfigurationProvider"/> fed by Strata snapshots. Its data is swapped in one piece when the hot
/// reloader publishes a version, and its reload token fires exactly once per published version: never for a failed
/// reload (the last known good data stays) and never for a write with identical content.
/// Keys and values follow <see cref="StrataConfigurationKeys"/>.
/// </summary>
public sealed class StrataConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly bool _controlsWatching;
    private readonly Lock _applyGate = new();
    private IDisposable? _subscription;
    private ConfigSnapshot? _applied;
    private int _explicitReloads;
    private bool _disposed;

    internal StrataConfigurationProvider(StrataRuntime runtime, bool controlsWatching)
    {
        Runtime = runtime;
        _controlsWatching = controlsWatching;
    }

    /// <summary>The hot reloader feeding this provider (shared with dependency injection when <c>AddStrata</c> is used on both).</summary>
    public ConfigurationHotReloader Reloader => Runtime.Reloader;

    /// <summary>The config directory, environment and agent this provider reads.</summary>
    public EnvironmentConfigManager Manager => Runtime.Manager;

    /// <summary>The snapshot the provider's data currently reflects; null before <see cref="Load"/>.</summary>
    public ConfigSnapshot? Snapshot => Volatile.Read(ref _applied);

    internal StrataRuntime Runtime { get; }

    /// <summary>
    /// The first call loads the configuration and starts watching; it throws
    /// <see cref="Model.ConfigurationLoadException"/>, a <see cref="FormatException"/> (one
    /// <c>file:line:column: path: message</c> line per error), when the configuration is invalid or two of its values
    /// would share one configuration key. A later call (<c>IConfigurationRoot.Reload()</c>) runs the pipeline again at once;
    /// if that reload fails, the data stays as it was.
    /// </summary>
    public override void Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_subscription is null)
        {
            var subscription = Runtime.Reloader.OnSnapshotPublished(OnPublished);
            try
            {
                if (_controlsWatching)
                {
                    Runtime.Acquire();
                }
                else
                {
                    Runtime.EnsureStarted();
                }
            }
            catch
            {
                subscription.Dispose();
                throw;
            }

            _subscription = subscription;
            Apply(Runtime.Reloader.Current);
            return;
        }

        // The configuration root signals the change itself after Load, so versions applied meanwhile do not fire.
        lock (_applyGate)
        {
            _explicitReloads++;
        }

        try
        {
            var outcome = Runtime.Reloader.ReloadNowAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            Apply(outcome.Current);
        }
        finally
        {
            lock (_applyGate)
            {
                _explicitReloads--;
            }
        }
    }

    /// <summary>
    /// Stops listening. When this is the last provider of its configuration source, the reloader stops watching
    /// (its last snapshot stays readable); a provider built again from the same source resumes it.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_subscription is not null)
        {
            _subscription.Dispose();
            if (_controlsWatching)
            {
                Runtime.Release();
            }
        }
    }

    /// <summary>
    /// True when a configuration key names a secret value (a key matching the redactor's patterns, or a value tagged
    /// <c>!secret</c>). Values reach the application in clear, as it needs them; use this to mask them on the way out.
    /// </summary>
    /// <param name="key">A configuration key such as <c>redis:password</c>.</param>
    public bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Snapshot is { } snapshot
            && StrataConfigurationKeys.TryFind(snapshot.Root, key, out var path, out var node)
            && Manager.Options.Redactor.IsSecret(path, node);
    }

    /// <summary>
    /// A value processor for <c>IConfigurationRoot.GetDebugView</c> that prints Strata's secret values as <c>***</c>:
    /// <c>root.GetDebugView(StrataConfigurationProvider.MaskSecrets)</c>.
    /// </summary>
    /// <param name="context">The item being printed.</param>
    public static string MaskSecrets(ConfigurationDebugViewContext context) =>
        context.ConfigurationProvider is StrataConfigurationProvider strata && strata.IsSecret(context.Path)
            ? SecretRedactor.Mask
            : context.Value ?? string.Empty;

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(StrataConfigurationProvider)} for {Runtime} at version {Snapshot?.Version ?? 0}";

    // Runs on the reload worker before notifications go out, so IConfiguration is current when subscribers hear of a version.
    private void OnPublished(ConfigSnapshot snapshot)
    {
        bool raise;
        lock (_applyGate)
        {
            raise = Apply(snapshot) && _explicitReloads == 0;
        }

        if (raise)
        {
            OnReload();
        }
    }

    /// <summary>Swaps in the data of a newer snapshot; false when it is not newer than the one applied.</summary>
    private bool Apply(ConfigSnapshot snapshot)
    {
        lock (_applyGate)
        {
            if (_applied is { } applied && snapshot.Version <= applied.Version)
            {
                return false;
            }

            Data = StrataConfigurationKeys.Flatten(snapshot.Root);
            Volatile.Write(ref _applied, snapshot);
            return true;
        }
    }
}
