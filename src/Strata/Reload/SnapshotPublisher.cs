using Microsoft.Extensions.Logging;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload.History;
using Strata.Snapshots;

namespace Strata.Reload;

/// <summary>
/// Holds the published snapshot and the retained versions, and publishes: one reference swap, then the
/// published-snapshot handlers, the backup and the notification, in that order. Rollbacks, manual and after a failed
/// health check, republish a retained version as a new one. Called only from the reload worker (or inline, one at a time).
/// </summary>
internal sealed class SnapshotPublisher(ReloadOptions options, BackupWriter? backups, ReloadReporter report, ReloadCounters counters, ILogger logger)
{
    private readonly ConfigHistory _history = new(options.MaxBackups);
    private readonly PublishedHandlers _handlers = new(logger);
    private ConfigSnapshot? _current;
    private TaskCompletionSource _publishedSignal = NewSignal();
    private TaskCompletionSource _reportedSignal = NewSignal();
    private long _reportedVersion;

    /// <summary>The published snapshot; null until the first load.</summary>
    public ConfigSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The retained versions, oldest first.</summary>
    public IReadOnlyList<ConfigSnapshot> History => _history.Items;

    /// <summary>Adds a handler that runs right after each publish; dispose the result to remove it.</summary>
    public IDisposable AddHandler(Action<ConfigSnapshot> handler) => _handlers.Add(handler);

    /// <summary>Waits until a version at least <paramref name="version"/> is published.</summary>
    public async Task<ConfigSnapshot> WaitForVersionAsync(long version, CancellationToken cancellationToken)
    {
        await WaitUntilAsync(() => Volatile.Read(ref _publishedSignal), () => Current is { } current && current.Version >= version, cancellationToken).ConfigureAwait(false);
        return Current!;
    }

    /// <summary>
    /// Waits until the newest published version has been reported (its notification handed to the notification
    /// manager): a snapshot is current a moment before that, while its handlers and backup run.
    /// </summary>
    public Task WaitUntilReportedAsync(CancellationToken cancellationToken) =>
        WaitUntilAsync(() => Volatile.Read(ref _reportedSignal), () => Current is not { } current || Interlocked.Read(ref _reportedVersion) >= current.Version, cancellationToken);

    /// <summary>
    /// Waits until <paramref name="done"/> holds. The signal is read before the condition is checked, so a change
    /// made between the two completes the signal this wait is about to await.
    /// </summary>
    private static async Task WaitUntilAsync(Func<TaskCompletionSource> signal, Func<bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = signal();
            if (done())
            {
                return;
            }

            await next.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the health check on a just-published snapshot and, when it fails and rollback is on, rolls back.</summary>
    /// <returns>The rollback's outcome, or null when the snapshot passed (or rollback is off).</returns>
    public async Task<ReloadOutcome?> CheckHealthAsync(ConfigSnapshot published, TimeSpan duration, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        if (options.HealthCheck is { } check && !await PassesAsync(check, published, cancellationToken).ConfigureAwait(false) && options.EnableRollback)
        {
            return await AutomaticRollbackAsync(check, published, duration, files, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<bool> PassesAsync(Func<ConfigSnapshot, CancellationToken, ValueTask<bool>> check, ConfigSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            if (await check(snapshot, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            ReloaderLog.HealthCheckFailed(logger, null, snapshot.Version, "the check returned false");
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReloaderLog.HealthCheckFailed(logger, ex, snapshot.Version, UnexpectedError.Describe(ex));
            return false;
        }
    }

    private async Task<ReloadOutcome> AutomaticRollbackAsync(Func<ConfigSnapshot, CancellationToken, ValueTask<bool>> check, ConfigSnapshot rejected, TimeSpan duration, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var attempts = 0;
        ReloadOutcome? last = null;
        foreach (var candidate in _history.Before(rejected.Version))
        {
            if (attempts++ >= Math.Max(1, options.MaxRollbackAttempts))
            {
                break;
            }

            last = Rollback(candidate.Version, $"version {rejected.Version} failed the health check");
            if (last.Status == ReloadStatus.RolledBack && await PassesAsync(check, last.Current, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return new ReloadOutcome(ReloadStatus.RolledBack, Current!, last?.Changes ?? [], [], files, duration);
    }

    /// <summary>Republishes a retained version (the previous one when <paramref name="version"/> is null) as a new version.</summary>
    public ReloadOutcome Rollback(long? version, string reason)
    {
        var current = Current!;
        var before = _history.Before(current.Version);
        var target = version is { } v ? _history.Find(v) : (before.Count > 0 ? before[0] : null);
        if (target is null || target.Version == current.Version)
        {
            var retained = string.Join(", ", _history.Items.Select(s => s.Version));
            var message = version is null
                ? "there is no earlier version to roll back to"
                : $"version {version} is not retained (retained: {retained})";
            var error = new ConfigurationError(string.Empty, 0, 0, string.Empty, message);
            return new ReloadOutcome(ReloadStatus.Failed, current, [], [error], [], TimeSpan.Zero);
        }

        var restored = target.WithVersion(current.Version + 1, options.TimeProvider.GetUtcNow());
        var changes = ConfigDiff.Compute(current.Root, restored.Root);
        counters.RolledBack();
        Publish(restored, current, ReloadEvent.ConfigRolledBack, changes, [],
            $"rolled back to the content of version {target.Version} as version {restored.Version} ({reason})");
        ReloaderLog.RolledBack(logger, restored.Version, target.Version, reason);
        return new ReloadOutcome(ReloadStatus.RolledBack, restored, changes, [], [], TimeSpan.Zero);
    }

    /// <summary>Publishes <paramref name="snapshot"/> and reports it.</summary>
    public void Publish(ConfigSnapshot snapshot, ConfigSnapshot? previous, ReloadEvent eventType, IReadOnlyList<ConfigChange> changes, IReadOnlyList<string> files, string message)
    {
        Volatile.Write(ref _current, snapshot);
        _history.Add(snapshot);
        Interlocked.Exchange(ref _publishedSignal, NewSignal()).TrySetResult();
        _handlers.Invoke(snapshot);

        if (backups is not null)
        {
            try
            {
                backups.Write(snapshot);
            }
            catch (Exception ex)
            {
                // A backup is a convenience: failing to write one never undoes or blocks a publish.
                ReloaderLog.BackupFailed(logger, ex, snapshot.Version, UnexpectedError.Describe(ex));
            }
        }

        try
        {
            report.Published(snapshot, previous, eventType, changes, files, message);
        }
        finally
        {
            Interlocked.Exchange(ref _reportedVersion, snapshot.Version);
            Interlocked.Exchange(ref _reportedSignal, NewSignal()).TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
