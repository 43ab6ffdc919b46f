using System.Collections.Concurrent;
using System.Text.Json;
using Strata.Notifications;
using Strata.Reload;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Dashboard.Api;

/// <summary>
/// What the dashboard remembers beside the reloader: the files behind each version, the last failed reload while no
/// version has been published since, and the last snapshot document it wrote.
/// </summary>
internal sealed class DashboardState : IDisposable
{
    private readonly ConcurrentDictionary<long, IReadOnlyList<string>> _files = new();
    private readonly IDisposable _subscription;
    private readonly Lock _cacheGate = new();
    private ReloadNotification? _lastFailure;
    private (long Version, string Hash, string Json)? _snapshotCache;

    public DashboardState(ConfigurationHotReloader reloader, Func<CancellationToken, Task<string?>>? fleetStatus)
    {
        Reloader = reloader;
        FleetStatus = fleetStatus;
        _subscription = reloader.AddNotificationCallback(Remember);
    }

    /// <summary>The reloader shown.</summary>
    public ConfigurationHotReloader Reloader { get; }

    /// <summary>Masks secrets in every answer: the manager's redactor.</summary>
    public SecretRedactor Redactor => Reloader.Manager.Options.Redactor;

    /// <summary>The fleet document source, if any.</summary>
    public Func<CancellationToken, Task<string?>>? FleetStatus { get; }

    /// <summary>The last failed reload, while no version has been published after it.</summary>
    public ReloadNotification? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>The files a version was loaded from, as its notification named them; empty when not seen.</summary>
    /// <param name="version">The version.</param>
    public IReadOnlyList<string> FilesOf(long version) => _files.TryGetValue(version, out var files) ? files : [];

    /// <summary>The <c>api/snapshot</c> document of the current version, written once per version.</summary>
    public string SnapshotDocument()
    {
        var snapshot = Reloader.Current;
        lock (_cacheGate)
        {
            if (_snapshotCache is { } cached && cached.Version == snapshot.Version && cached.Hash == snapshot.ContentHash)
            {
                return cached.Json;
            }
        }

        var json = ApiResults.Write(w => SnapshotJson.Write(w, snapshot, Redactor));
        lock (_cacheGate)
        {
            _snapshotCache = (snapshot.Version, snapshot.ContentHash, json);
        }

        return json;
    }

    /// <summary>Finds a retained version.</summary>
    /// <param name="version">The version.</param>
    public ConfigSnapshot? Find(long version) => Reloader.History.FirstOrDefault(s => s.Version == version);

    public void Dispose() => _subscription.Dispose();

    /// <summary>Writes <c>"lastFailure": {"timestamp","version","errors","message"} | null</c>.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    public void WriteLastFailure(Utf8JsonWriter writer)
    {
        if (LastFailure is { } failure)
        {
            writer.WritePropertyName("lastFailure");
            Serialization.ReloadNotificationJson.Write(writer, failure, Redactor);
        }
        else
        {
            writer.WriteNull("lastFailure");
        }
    }

    private void Remember(ReloadNotification n)
    {
        switch (n.EventType)
        {
            case ReloadEvent.ConfigFailed:
                Volatile.Write(ref _lastFailure, n);
                break;
            case ReloadEvent.ConfigLoaded or ReloadEvent.ConfigReloaded or ReloadEvent.ConfigRolledBack:
                Volatile.Write(ref _lastFailure, null);
                _files[n.Version] = n.Files;
                Trim();
                break;
        }
    }

    // Keeps the files of retained versions only.
    private void Trim()
    {
        var history = Reloader.History;
        if (_files.Count <= history.Count + 1)
        {
            return;
        }

        var oldest = history.Count == 0 ? long.MaxValue : history.Min(s => s.Version);
        foreach (var version in _files.Keys.Where(v => v < oldest).ToList())
        {
            _files.TryRemove(version, out _);
        }
    }
}
