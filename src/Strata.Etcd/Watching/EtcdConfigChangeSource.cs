using Etcdserverpb;
using Grpc.Core;
using Strata.Etcd.Connection;
using Strata.Etcd.Reading;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;
using Strata.Reload.Watching;

namespace Strata.Etcd.Watching;

/// <summary>
/// Watches an etcd prefix from the revision the configuration was read at: two watches on one stream, on the keys
/// before and after <c>{prefix}/instances/</c>, so the instance records every member of the fleet rewrites on each
/// release never reach it. The events of each revision, both halves joined (<see cref="RevisionJoin"/>), are applied
/// to a new immutable copy, swapped in at once, and only then signalled, so the reload that follows sees the whole
/// release. When etcd goes away the last copy keeps serving;
/// the watcher reconnects with jittered exponential backoff (to the next member when the one it used failed) and
/// resumes from the last revision it applied, and when that revision has been compacted it reads everything again.
/// During a staged rollout the copy served is the one the instance's wave calls for: the rolling-out release once its
/// wave is open, the live files until then.
/// </summary>
public sealed class EtcdConfigChangeSource : IConfigChangeSource
{
    private readonly EtcdStore _store;
    private readonly RolloutGate _rollouts;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly RevisionJoin _join;
    private Action<IReadOnlyList<string>>? _onChange;
    private EtcdConfigRevision _live;
    private Task? _loop;
    private bool _disposed;
    private EtcdConnectionState _state = EtcdConnectionState.Stopped;
    private long _clusterRevision;
    private DateTimeOffset? _disconnectedSince;
    private bool _failedSinceConnected;
    private int _reconnects;
    private int _resyncs;
    private long _updates;
    private string? _lastError;

    internal EtcdConfigChangeSource(EtcdStore store, EtcdConfigFileSystem fileSystem, EtcdConfigRevision live, RolloutGate rollouts)
    {
        _store = store;
        _rollouts = rollouts;
        _time = store.Options.TimeProvider;
        FileSystem = fileSystem;
        _live = live;
        _clusterRevision = live.Revision;
        _join = new RevisionJoin(store.Layout);
    }

    /// <summary>Raised on the watch thread after each new copy is swapped in (before the change signal). Handlers must be quick.</summary>
    public event EventHandler<EtcdConfigRevision>? Updated;

    /// <summary>Raised (on the watch thread) when the connection state changes: connected, disconnected, ... Handlers must be quick.</summary>
    public event EventHandler<EtcdConnectionState>? ConnectionStateChanged;

    /// <inheritdoc />
    public string Mode => "etcd";

    /// <inheritdoc />
    /// <remarks>True: a signal carries a whole watch response, every event of the transactions in it.</remarks>
    public bool SignalsWholeChanges => true;

    /// <inheritdoc />
    object? IConfigChangeSource.Status => Statistics;

    /// <summary>The file system whose copy this watcher replaces.</summary>
    public EtcdConfigFileSystem FileSystem { get; }

    /// <summary>Connection state, revision, release and lag, for reload statistics.</summary>
    public EtcdWatchStatistics Statistics
    {
        get
        {
            var current = FileSystem.Current;
            lock (_gate)
            {
                var staleness = _disconnectedSince is { } since ? _time.GetUtcNow() - since : TimeSpan.Zero;
                return new EtcdWatchStatistics(_state, current.Revision, current.Release?.Number, Math.Max(_clusterRevision, current.Revision),
                    _disconnectedSince, staleness, _reconnects, _resyncs, _updates, _lastError);
            }
        }
    }

    /// <inheritdoc />
    public Task StartAsync(Action<IReadOnlyList<string>> onChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loop is not null)
            {
                throw new InvalidOperationException("the etcd watcher is already started");
            }

            _onChange = onChange;
            _state = EtcdConnectionState.Connecting;
            _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
        lock (_gate)
        {
            _state = EtcdConnectionState.Stopped;
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var compacted = await WatchAsync(() => failures = 0, stop).ConfigureAwait(false);
                if (compacted)
                {
                    await ResyncAsync(stop).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the watcher keeps the last copy and tries again: it must never die.
                MarkDisconnected(Describe(ex));
                _store.RenewTokenAfter(ex);
            }

            try
            {
                await Task.Delay(EtcdFailover.Backoff(_store.Options, failures++), _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Runs one watch stream until it fails; returns true when the revision to resume from was compacted.</summary>
    private async Task<bool> WatchAsync(Action onConnected, CancellationToken stop)
    {
        var (member, call) = _store.OpenWatch(stop);
        using (call)
        {
            try
            {
                return await ReadWatchAsync(call, onConnected, stop).ConfigureAwait(false);
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // The member failed or ended the watch (it lost its leader, for one): the next stream opens on another member.
                _store.Connection.Failed(member);
                throw;
            }
        }
    }

    private async Task<bool> ReadWatchAsync(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, Action onConnected, CancellationToken stop)
    {
        _join.Reset(_live.Revision);
        foreach (var request in _store.CreateWatches(_live.Revision + 1))
        {
            await call.RequestStream.WriteAsync(request, stop).ConfigureAwait(false);
        }

        var created = 0;
        long[] ids = [RevisionJoin.BeforeInstances, RevisionJoin.AfterInstances];
        await foreach (var response in call.ResponseStream.ReadAllAsync(stop).ConfigureAwait(false))
        {
            if (response.CompactRevision > 0)
            {
                return true;
            }

            if (response.Canceled)
            {
                throw new EtcdException("etcd ended the watch: " + (string.IsNullOrEmpty(response.CancelReason) ? "no reason given" : response.CancelReason));
            }

            if (response.Created)
            {
                // etcd assigns the watch ids and answers the creations in the order they were sent: the first is
                // the half before instances/, the second the half after it.
                ids[created] = response.WatchId;
                if (++created == 2)
                {
                    MarkConnected();
                    onConnected();
                }
            }
            else if (response.Events.Count > 0)
            {
                // The events' own revision, not the header's: a header also counts the instance records' writes,
                // which these watches leave out.
                ObserveClusterRevision(response.Events[^1].Kv.ModRevision);
                _join.Add(Half(ids, response.WatchId), response.Events);
                await ApplyAsync(stop).ConfigureAwait(false);
            }
            else if (response.Header is { Revision: > 0 } header)
            {
                // A progress notification: that watch has delivered every change up to this revision.
                ObserveClusterRevision(header.Revision);
                _join.Progress(Half(ids, response.WatchId), header.Revision);
                if (_join.IsEmpty && _join.Settled > _live.Revision)
                {
                    _live = _live.AtRevision(_join.Settled);
                    FileSystem.Replace(FileSystem.Current.AtRevision(_join.Settled));
                }
            }
        }

        throw new EtcdException("etcd closed the watch stream");
    }

    /// <summary>Which half of the prefix a watch id of this stream covers; -1 (a notification for the whole stream) stays -1.</summary>
    private static long Half(long[] ids, long watchId) =>
        watchId == ids[0] ? RevisionJoin.BeforeInstances : watchId == ids[1] ? RevisionJoin.AfterInstances : watchId;

    /// <summary>Applies every revision that is whole (both of its halves in), then signals once.</summary>
    private async Task ApplyAsync(CancellationToken stop)
    {
        var events = _join.TakeWhole(_live.Release?.Number);
        if (events.Count == 0)
        {
            return;
        }

        var changed = new List<string>();
        var live = _live.Apply(_store.Layout, events, changed);
        var wasLive = ReferenceEquals(FileSystem.Current.FileMap, _live.FileMap);
        var next = await _rollouts.ResolveAsync(live, stop).ConfigureAwait(false);
        Publish(live, next, wasLive && ReferenceEquals(next, live) ? changed.Distinct(StringComparer.Ordinal).ToList() : FileSystem.Current.DifferentFiles(next));
    }

    private async Task ResyncAsync(CancellationToken stop)
    {
        var fresh = await _store.ReadConfigAsync(stop).ConfigureAwait(false);
        var next = await _rollouts.ResolveAsync(fresh, stop).ConfigureAwait(false);
        var changed = FileSystem.Current.DifferentFiles(next);
        lock (_gate)
        {
            _resyncs++;
        }

        // The read reached etcd and the copy is current again, so the watcher counts as connected before it signals:
        // whoever sees the resynced release also sees the reconnection in the statistics.
        ObserveClusterRevision(fresh.Revision);
        MarkConnected();
        Publish(fresh, next, changed);
    }

    /// <summary>Swaps in the copy to serve (and remembers the live one the watch resumes from), then signals.</summary>
    private void Publish(EtcdConfigRevision live, EtcdConfigRevision next, List<string> changed)
    {
        _live = live;
        FileSystem.Replace(next);
        lock (_gate)
        {
            _updates++;
        }

        try
        {
            Updated?.Invoke(this, next);
            if (changed.Count > 0)
            {
                _onChange?.Invoke(changed);
            }
        }
        catch (Exception ex)
        {
            // A failing handler must not stop the watch; the copy is already swapped in.
            lock (_gate)
            {
                _lastError = "a change handler failed: " + ex.Message.ReplaceLineEndings(" ");
            }
        }
    }

    private void ObserveClusterRevision(long revision)
    {
        lock (_gate)
        {
            _clusterRevision = Math.Max(_clusterRevision, revision);
        }
    }

    private void MarkConnected()
    {
        bool changed;
        lock (_gate)
        {
            if (_failedSinceConnected)
            {
                _reconnects++;
                _failedSinceConnected = false;
            }

            changed = _state != EtcdConnectionState.Connected;
            _state = EtcdConnectionState.Connected;
            _disconnectedSince = null;
        }

        if (changed)
        {
            RaiseStateChanged(EtcdConnectionState.Connected);
        }
    }

    private void MarkDisconnected(string error)
    {
        bool changed;
        lock (_gate)
        {
            _lastError = error;
            _failedSinceConnected = true;
            changed = _state != EtcdConnectionState.Disconnected;
            if (changed)
            {
                _disconnectedSince = _time.GetUtcNow();
            }

            _state = EtcdConnectionState.Disconnected;
        }

        if (changed)
        {
            RaiseStateChanged(EtcdConnectionState.Disconnected);
        }
    }

    private void RaiseStateChanged(EtcdConnectionState state)
    {
        try
        {
            ConnectionStateChanged?.Invoke(this, state);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _lastError = "a state handler failed: " + ex.Message.ReplaceLineEndings(" ");
            }
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {(string.IsNullOrEmpty(rpc.Status.Detail) ? "no detail" : rpc.Status.Detail)}".ReplaceLineEndings(" "),
        _ => ex.Message.ReplaceLineEndings(" "),
    };
}
