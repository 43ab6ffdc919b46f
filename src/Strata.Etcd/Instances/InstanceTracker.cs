using System.Threading.Channels;
using Strata.Etcd.Reading;
using Strata.Etcd.Storage;
using Strata.Etcd.Watching;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;
using Strata.Snapshots;

namespace Strata.Etcd.Instances;

/// <summary>
/// Works out what this instance reports and hands it to the <see cref="InstanceRegistration"/>. Each reload run pins
/// one etcd copy (<see cref="EtcdConfigFileSystem.ReadStarted"/>); once the reloader is idle again the run's outcome
/// decides the state: a published snapshot is <c>applied</c> with the pinned copy's release, a second publish in
/// the same run (the automatic rollback after a failed health check) makes it <c>unhealthy</c>, a failed run makes it
/// <c>rejected</c> with the errors of its <c>config_failed</c>, and a run whose result equals what is served means
/// the instance runs the pinned release too. Waiting for the idle reloader means a release that fails its health
/// check is never reported as applied on the way. During a staged rollout the record also carries the instance's
/// wave, and the state <c>holding</c> while that wave is not open yet.
/// </summary>
internal sealed class InstanceTracker : IAsyncDisposable
{
    private const int RememberedVersions = 64;
    private static readonly TimeSpan RecordDelay = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan FirstIdlePoll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(20);

    private readonly ConfigurationHotReloader _reloader;
    private readonly EtcdConfigFileSystem _fileSystem;
    private readonly EtcdConfigChangeSource _changeSource;
    private readonly TimeProvider _time;
    private readonly string _host = Environment.MachineName;
    private readonly int _pid = Environment.ProcessId;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, long?> _releases = [];
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable _published;
    private readonly Task _loop;
    private EtcdConfigRevision? _lastPinned;
    private Run? _run;
    private bool _publishedOutsideRun;
    private EtcdInstanceState _state = EtcdInstanceState.Applied;
    private IReadOnlyList<ConfigurationError> _errors = [];
    private int? _wave;
    private bool _holding;
    private ConfigurationError? _unreadable;
    private int _disposed;
    private string? _lastError;

    public InstanceTracker(ConfigurationHotReloader reloader, EtcdConfigFileSystem fileSystem, EtcdConfigChangeSource changeSource, EtcdOptions options)
    {
        _reloader = reloader;
        _fileSystem = fileSystem;
        _changeSource = changeSource;
        _time = options.TimeProvider;
        Id = InstanceIdentity.Resolve(options);
        Registration = new InstanceRegistration(options, Id);
        (_wave, _holding) = Position(fileSystem.Current);
        NoteServingError(fileSystem.Current);
        _fileSystem.ReadStarted += OnReadStarted;
        _changeSource.Updated += OnUpdated;
        _published = reloader.OnSnapshotPublished(OnPublished);
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public string Id { get; }

    public InstanceRegistration Registration { get; }

    /// <summary>The record last handed to the registration; null before the first load.</summary>
    public EtcdInstanceRecord? Last { get; private set; }

    /// <summary>Why the last record could not be built, if it could not; for tests and diagnostics.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>The release whose content a version of the reloader serves; null when not known (or not kept any more).</summary>
    public long? ReleaseOf(long version)
    {
        lock (_gate)
        {
            return _releases.GetValueOrDefault(version);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _fileSystem.ReadStarted -= OnReadStarted;
        _changeSource.Updated -= OnUpdated;
        _published.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        await Registration.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A pipeline run (or any load) pinned a copy; only runs of the reload worker count as reloads.</summary>
    private void OnReadStarted(EtcdConfigRevision pinned)
    {
        var statistics = _reloader.GetStatistics();
        lock (_gate)
        {
            _lastPinned = pinned;
            if (statistics.IsReloading)
            {
                _run = new Run(pinned, statistics.Failures);
            }
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>
    /// A new copy is served. When only the rollout moved (a wave opened elsewhere, this one holds, the rollout ended) or
    /// a new release number came with files this instance already loaded (an abort republishing what it runs), no reload
    /// follows, so the record is settled from here; when the files differ, the reload that follows settles it.
    /// </summary>
    private void OnUpdated(object? sender, EtcdConfigRevision served)
    {
        var (wave, holding) = Position(served);
        bool settle;
        lock (_gate)
        {
            settle = wave != _wave || holding != _holding;
            (_wave, _holding) = (wave, holding);
            settle |= NoteServingError(served);

            if (_lastPinned is { } pinned && served.Release?.Number != pinned.Release?.Number)
            {
                // Other files: the reload that follows settles the record, with the wave noted above.
                settle = pinned.DifferentFiles(served).Count == 0;
                if (settle)
                {
                    _lastPinned = served;
                    if (_state == EtcdInstanceState.Applied && _releases.Count > 0)
                    {
                        Remember(_reloader.Current.Version, served.Release?.Number);
                    }
                }
            }
        }

        if (settle)
        {
            _signal.Writer.TryWrite(true);
        }
    }

    /// <summary>
    /// An open wave whose release cannot be read here (missing or damaged in the history) is a verdict on the release,
    /// reported like a rejection until the live files are served again. True when that changed.
    /// </summary>
    private bool NoteServingError(EtcdConfigRevision served)
    {
        var unreadable = served.ServingError is { } error && _wave is not null && !_holding
            ? new ConfigurationError(string.Empty, 0, 0, string.Empty, error)
            : null;
        var changed = unreadable != _unreadable;
        _unreadable = unreadable;
        return changed;
    }

    /// <summary>The instance's wave in an active rollout, and whether it holds the previous release because that wave is not open.</summary>
    private (int? Wave, bool Holding) Position(EtcdConfigRevision served) =>
        served.Rollout is { IsActive: true } rollout && rollout.WaveOf(Id) is var wave
            ? (wave, wave > rollout.CurrentWave)
            : (null, false);

    /// <summary>Runs on the reload worker right after each publish: notes which release the new version serves.</summary>
    private void OnPublished(ConfigSnapshot snapshot)
    {
        lock (_gate)
        {
            long? release;
            if (_run is { Done: false } run && (run.Published == 0 || _reloader.Options.HealthCheck is not null))
            {
                // The first publish of a run is its pipeline result; a second one is the rollback after a failed health check.
                release = run.Published == 0 ? run.Pinned.Release?.Number : ReleaseOfSameContent(snapshot);
                run.Published++;
            }
            else if (_releases.Count == 0)
            {
                release = _lastPinned?.Release?.Number ?? _fileSystem.Current.Release?.Number;
            }
            else
            {
                release = ReleaseOfSameContent(snapshot);
                _publishedOutsideRun = true;
            }

            Remember(snapshot.Version, release);
        }

        _signal.Writer.TryWrite(true);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (await _signal.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                _signal.Reader.TryRead(out _);

                // The instances of a fleet apply a release at about the same moment. Writing the record a little later
                // keeps these writes, and etcd's work for them, out of the way of the instances still applying; by then
                // the run has usually ended (a health check can hold it for seconds, hence the polls below).
                await Task.Delay(RecordDelay, _time, stop).ConfigureAwait(false);
                var poll = FirstIdlePoll;
                while (_reloader.GetStatistics().IsReloading)
                {
                    await Task.Delay(poll, _time, stop).ConfigureAwait(false);
                    poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, IdlePoll.Ticks));
                }

                try
                {
                    if (Settle() is { } record)
                    {
                        Last = record;
                        Registration.Update(record.ToJson());
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One record that could not be built must not stop the reports that follow; the next run settles again.
                    Volatile.Write(ref _lastError, ex.Message.ReplaceLineEndings(" "));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>Decides the state from the last run; null while a new run has started (it signals again) or before the first load.</summary>
    private EtcdInstanceRecord? Settle()
    {
        lock (_gate)
        {
            var statistics = _reloader.GetStatistics();
            if (statistics.IsReloading || _releases.Count == 0)
            {
                return null;
            }

            var current = _reloader.Current;
            if (_run is { Done: false } run)
            {
                run.Done = true;
                if (run.Published >= 2)
                {
                    _state = EtcdInstanceState.Unhealthy;
                    _errors = [new ConfigurationError(string.Empty, 0, 0, string.Empty, $"release {Describe(run.Pinned.Release)} failed its health check here and was rolled back locally")];
                }
                else if (run.Published == 1)
                {
                    (_state, _errors) = (EtcdInstanceState.Applied, []);
                }
                else if (statistics.Failures > run.FailuresAtStart)
                {
                    _state = EtcdInstanceState.Rejected;
                    _errors = LastFailure(current.Version);
                }
                else
                {
                    // The run produced what is served already: the instance runs the pinned release as well.
                    (_state, _errors) = (EtcdInstanceState.Applied, []);
                    Remember(current.Version, run.Pinned.Release?.Number);
                }
            }
            else if (_publishedOutsideRun)
            {
                (_state, _errors) = (EtcdInstanceState.Applied, []);
            }

            _publishedOutsideRun = false;
            return new EtcdInstanceRecord(Id, _host, _pid, current.Environment, current.Agent, _releases.GetValueOrDefault(current.Version), current.Version,
                current.ContentHash, _holding ? EtcdInstanceState.Holding : _unreadable is null ? _state : EtcdInstanceState.Rejected,
                _holding ? [] : _unreadable is { } unreadable ? [unreadable] : _errors, _wave, _time.GetUtcNow());
        }
    }

    /// <summary>
    /// The errors of the latest <c>config_failed</c> (secrets masked, from the notification history). Without it (the
    /// history is off) a fixed line says where to look: the reloader's own last error is not masked, and the record is
    /// readable by the whole fleet.
    /// </summary>
    private List<ConfigurationError> LastFailure(long version)
    {
        var failed = _reloader.Notifications.GetHistory(ReloadEvent.ConfigFailed);
        if (failed.Count > 0 && failed[^1].Version == version && failed[^1].Errors.Count > 0)
        {
            return [.. failed[^1].Errors];
        }

        return [new ConfigurationError(string.Empty, 0, 0, string.Empty, "the newest release did not load here; this instance's log has the errors")];
    }

    /// <summary>The release of the latest earlier version with the same content (what a rollback restored).</summary>
    private long? ReleaseOfSameContent(ConfigSnapshot snapshot)
    {
        var match = _reloader.History.LastOrDefault(s => s.Version < snapshot.Version && s.ContentHash == snapshot.ContentHash);
        return match is not null && _releases.TryGetValue(match.Version, out var release) ? release : _fileSystem.Current.Release?.Number;
    }

    private void Remember(long version, long? release)
    {
        _releases[version] = release;
        if (_releases.Count > RememberedVersions)
        {
            _releases.Remove(_releases.Keys.Min());
        }
    }

    private static string Describe(EtcdRelease? release) => release is null ? "(none)" : release.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One reload run: the copy it pinned, the failure count when it started, and how many snapshots it published.</summary>
    private sealed class Run(EtcdConfigRevision pinned, long failuresAtStart)
    {
        public EtcdConfigRevision Pinned { get; } = pinned;

        public long FailuresAtStart { get; } = failuresAtStart;

        public int Published { get; set; }

        public bool Done { get; set; }
    }
}
