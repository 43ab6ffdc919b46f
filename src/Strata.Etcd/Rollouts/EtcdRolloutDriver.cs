using System.Globalization;
using Strata.Etcd.Connection;
using Strata.Etcd.Instances;
using Strata.Etcd.Publishing;

namespace Strata.Etcd.Rollouts;

/// <summary>
/// Reads and steers the staged rollout under a prefix (<c>{prefix}/rollout</c>). <see cref="DriveAsync"/> advances it:
/// it watches the instance records, opens the next wave once the open ones run the release and have baked, completes
/// it after the last wave, and aborts it (publishing the previous release's content again as a new release) as soon
/// as more instances fail than allowed. A rollout never advances without a driver; any number of drivers may run,
/// each step is a transaction guarded by the record's revision, so two never take the same step, and a driver that
/// dies leaves the rollout where it was for the next one (<c>strata rollout resume</c>).
/// </summary>
public sealed class EtcdRolloutDriver : IDisposable
{
    private readonly EtcdPublisher _publisher;
    private readonly EtcdOptions _options;

    /// <summary>Creates a driver.</summary>
    /// <param name="options">Endpoints, prefix, credentials.</param>
    public EtcdRolloutDriver(EtcdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _publisher = new EtcdPublisher(options);
        _options = options;
    }

    /// <summary>The prefix, without a trailing slash.</summary>
    public string Prefix => _publisher.Prefix;

    /// <summary>Who drives, as recorded in the rollout (default <c>{user}@{host}-{pid}</c>).</summary>
    public string Name { get; set; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.UserName}@{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>How often <see cref="DriveAsync"/> reads the fleet while it waits (default 250 ms, at least 10 ms).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 10 ms.</exception>
    public TimeSpan PollInterval
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromMilliseconds(10));
            field = value;
        }
    } = TimeSpan.FromMilliseconds(250);

    /// <summary>The rollout record, or null when none was ever written under the prefix.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<EtcdRollout?> GetAsync(CancellationToken cancellationToken = default) =>
        (await EtcdFleetStatus.ReadAsync(_publisher.Store, cancellationToken).ConfigureAwait(false)).Rollout;

    /// <summary>Pauses an active rollout: open waves keep the release, no wave opens until it is resumed.</summary>
    /// <param name="reason">Why, recorded; "paused by {Name}" when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="EtcdException">There is no active rollout.</exception>
    public Task<EtcdRollout> PauseAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(r => r.State == EtcdRolloutState.Paused ? null : r with { State = EtcdRolloutState.Paused, Reason = reason ?? "paused by " + Name }, cancellationToken);

    /// <summary>Lets a paused rollout progress again (it advances while a driver runs).</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="EtcdException">There is no active rollout.</exception>
    public Task<EtcdRollout> ResumeAsync(CancellationToken cancellationToken = default) =>
        UpdateAsync(r => r.State == EtcdRolloutState.Progressing ? null : r with { State = EtcdRolloutState.Progressing, Reason = null }, cancellationToken);

    /// <summary>Aborts an active rollout: the previous release's content is published again as a new release, and every instance returns to it.</summary>
    /// <param name="reason">Why, recorded; "aborted by {Name}" when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="EtcdException">There is no active rollout.</exception>
    public async Task<EtcdRollout> AbortAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var rollout = RequireActive(await GetAsync(cancellationToken).ConfigureAwait(false));
            if (await TryAbortAsync(rollout, reason ?? "aborted by " + Name, [], cancellationToken).ConfigureAwait(false) is { } aborted)
            {
                return aborted;
            }
        }
    }

    /// <summary>
    /// Drives the rollout until it completes or aborts, and returns its final record. While etcd is unreachable it
    /// waits and tries again (the rollout holds meanwhile); a paused rollout is waited on, not advanced.
    /// </summary>
    /// <param name="progress">Told of every new state of the record (a wave opened, paused, resumed, finished).</param>
    /// <param name="cancellationToken">Stops driving; the rollout stays where it is.</param>
    /// <exception cref="EtcdException">There is no rollout under the prefix.</exception>
    public async Task<EtcdRollout> DriveAsync(IProgress<EtcdRollout>? progress = null, CancellationToken cancellationToken = default)
    {
        var failures = 0;
        long reported = -1;
        var watch = new Observation();
        while (true)
        {
            EtcdFleetStatus fleet;
            try
            {
                fleet = await EtcdFleetStatus.ReadAsync(_publisher.Store, cancellationToken).ConfigureAwait(false);
            }
            catch (EtcdException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(EtcdFailover.Backoff(_options, failures++), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            var rollout = fleet.Rollout ?? throw new EtcdException($"there is no rollout under {Prefix}");
            if (rollout.Revision != reported)
            {
                reported = rollout.Revision;
                progress?.Report(rollout);
            }

            if (!rollout.IsActive)
            {
                return rollout;
            }

            var wait = await StepAsync(rollout, fleet, watch, cancellationToken).ConfigureAwait(false);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _publisher.Dispose();

    /// <summary>Takes the next step if there is one; returns how long to wait before looking again.</summary>
    private async Task<TimeSpan> StepAsync(EtcdRollout rollout, EtcdFleetStatus fleet, Observation watch, CancellationToken cancellationToken)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var lost = watch.Observe(rollout, fleet.Instances);
        var decision = RolloutProgress.Decide(rollout, fleet.Instances, lost, watch.BakeStarted, now);
        watch.BakeStarted = decision.BakeStarted;
        try
        {
            switch (decision.Step)
            {
                case RolloutStep.Abort:
                    await TryAbortAsync(rollout, decision.AbortReason(rollout), decision.Failures, cancellationToken).ConfigureAwait(false);
                    return TimeSpan.Zero;
                case RolloutStep.Advance:
                    await OpenNextWaveAsync(rollout, fleet.Revision, now, cancellationToken).ConfigureAwait(false);
                    return TimeSpan.Zero;
                case RolloutStep.Complete:
                    var completed = rollout with { State = EtcdRolloutState.Completed, Finished = now, Updated = now, Driver = Name };
                    await _publisher.Writer.UpdateRolloutAsync(rollout, completed, fleet.Revision, cancellationToken).ConfigureAwait(false);
                    return TimeSpan.Zero;
                default:
                    var until = decision.WaitUntil is { } at ? at - now : PollInterval;
                    return until < PollInterval ? until : PollInterval;
            }
        }
        catch (EtcdPublishConflictException)
        {
            // Another driver (or an operator) changed the rollout first: read it again.
            return TimeSpan.Zero;
        }
        catch (EtcdException) when (!cancellationToken.IsCancellationRequested)
        {
            // etcd failed under the step; the rollout is where the record says, and the next read tells.
            return EtcdFailover.Backoff(_options, watch.StepFailures++);
        }
    }

    /// <summary>
    /// Opens the next wave, provided no instance record changed since the fleet was read at <paramref name="instancesAsOf"/>;
    /// opening the last one also makes the release's files live and the release current.
    /// </summary>
    private async Task OpenNextWaveAsync(EtcdRollout rollout, long instancesAsOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = rollout with { CurrentWave = rollout.CurrentWave + 1, WaveOpened = now, Updated = now, Driver = Name };
        if (!next.IsFinalWaveOpen)
        {
            await _publisher.Writer.UpdateRolloutAsync(rollout, next, instancesAsOf, cancellationToken).ConfigureAwait(false);
            return;
        }

        var store = _publisher.Store;
        var basis = await store.ReadConfigAsync(cancellationToken).ConfigureAwait(false);
        if (basis.Rollout?.Revision != rollout.Revision)
        {
            return;
        }

        var (release, files) = await store.ReadReleaseContentAsync(rollout.Release, cancellationToken).ConfigureAwait(false)
            ?? throw new EtcdException($"release {rollout.Release} is rolling out under {Prefix}, but its record is not in the history");
        var change = new ReleaseChange(basis, release) { LiveFiles = files, Rollout = next, InstancesAsOf = instancesAsOf };
        await _publisher.Writer.CommitAsync(change, "open the last wave of the rollout under " + Prefix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes the previous release's content as a new release and marks the rollout aborted; null when the record changed first.</summary>
    private async Task<EtcdRollout?> TryAbortAsync(EtcdRollout rollout, string reason, IReadOnlyList<EtcdInstanceRecord> failures, CancellationToken cancellationToken)
    {
        if (rollout.PreviousRelease is not { } previous)
        {
            // Nothing to return to (a record written by hand, or by an older publisher): it can only be stopped.
            var stopped = rollout with { State = EtcdRolloutState.Aborted, Updated = _options.TimeProvider.GetUtcNow(), Finished = _options.TimeProvider.GetUtcNow(), Driver = Name, Reason = reason, Failures = failures };
            return await _publisher.Writer.UpdateRolloutAsync(rollout, stopped, null, cancellationToken).ConfigureAwait(false) ? stopped : null;
        }

        var plan = await _publisher.PrepareRollbackCoreAsync(previous, Name, $"abort the rollout of release {rollout.Release}: {reason}", duringRollout: true, cancellationToken).ConfigureAwait(false);
        if (plan.Basis.Rollout?.Revision != rollout.Revision)
        {
            return null;
        }

        var now = _options.TimeProvider.GetUtcNow();
        var aborted = rollout with
        {
            State = EtcdRolloutState.Aborted,
            Updated = now,
            Finished = now,
            Driver = Name,
            Reason = reason,
            Failures = failures,
            RollbackRelease = plan.Release.Number,
        };
        var change = new ReleaseChange(plan.Basis, plan.Release) { AddsRelease = true, NewBlobs = plan.NewBlobs, LiveFiles = plan.Files, Rollout = aborted };
        try
        {
            await _publisher.Writer.CommitAsync(change, "abort the rollout under " + Prefix, cancellationToken).ConfigureAwait(false);
            return aborted;
        }
        catch (EtcdPublishConflictException)
        {
            return null;
        }
    }

    /// <summary>Applies a change to the active rollout's record (null: nothing to change), retrying when another writer got there first.</summary>
    private async Task<EtcdRollout> UpdateAsync(Func<EtcdRollout, EtcdRollout?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var rollout = RequireActive(await GetAsync(cancellationToken).ConfigureAwait(false));
            if (change(rollout) is not { } next)
            {
                return rollout;
            }

            next = next with { Updated = _options.TimeProvider.GetUtcNow(), Driver = Name };
            if (await _publisher.Writer.UpdateRolloutAsync(rollout, next, null, cancellationToken).ConfigureAwait(false))
            {
                return next;
            }
        }
    }

    private EtcdRollout RequireActive(EtcdRollout? rollout) =>
        rollout is { IsActive: true } ? rollout
        : rollout is null ? throw new EtcdRolloutNotFoundException($"there is no rollout under {Prefix}")
        : throw new EtcdRolloutNotFoundException(string.Create(CultureInfo.InvariantCulture, $"the rollout of release {rollout.Release} under {Prefix} is {EtcdRollout.StateName(rollout.State)}, not active")) { Latest = rollout };

    /// <summary>
    /// What one <see cref="DriveAsync"/> call remembers between reads: the instances of the open waves it saw run the
    /// release (one that then disappears was lost after applying it), and when it first saw the open waves all run it.
    /// </summary>
    private sealed class Observation
    {
        private readonly Dictionary<string, EtcdInstanceRecord> _applied = new(StringComparer.Ordinal);
        private readonly Dictionary<string, EtcdInstanceRecord> _lost = new(StringComparer.Ordinal);
        private (long Release, int Wave) _wave;

        public DateTimeOffset? BakeStarted { get; set; }

        public int StepFailures { get; set; }

        public IReadOnlyCollection<EtcdInstanceRecord> Observe(EtcdRollout rollout, IReadOnlyList<EtcdInstanceRecord> instances)
        {
            if (_wave != (rollout.Release, rollout.CurrentWave))
            {
                BakeStarted = null;
                if (_wave.Release != rollout.Release)
                {
                    _applied.Clear();
                    _lost.Clear();
                }

                _wave = (rollout.Release, rollout.CurrentWave);
            }

            var live = instances.ToDictionary(i => i.Id, StringComparer.Ordinal);
            foreach (var (id, record) in _applied.Where(a => !live.ContainsKey(a.Key)).ToList())
            {
                _applied.Remove(id);
                _lost[id] = record with
                {
                    State = EtcdInstanceState.Unhealthy,
                    Errors = [new Model.ConfigurationError(string.Empty, 0, 0, string.Empty, $"the instance disappeared (its lease expired) after it applied release {rollout.Release}")],
                };
            }

            foreach (var record in WavePlanner.InOpenWaves(rollout, instances).Where(i => i.State == EtcdInstanceState.Applied && i.Release == rollout.Release))
            {
                _applied[record.Id] = record;
            }

            return _lost.Values;
        }
    }
}
