using Strata.Hierarchy;
using Strata.Reload.Watching;

namespace Strata.Reload;

/// <summary>The reloader's pending changes (recorded as the change source signals them) and statistics.</summary>
public sealed partial class ConfigurationHotReloader
{
    /// <summary>Files changed since the last reload (<c>*</c> stands for a link or directory change).</summary>
    public IReadOnlyList<string> GetPendingChanges() => _pending.List();

    /// <summary>
    /// Forgets the files changed since the last reload, without reloading (with the manual strategy: the changes that
    /// <see cref="ReloadNowAsync"/> would have picked up). The files themselves are untouched, so the next reload still
    /// reads what is on disk; a reload another strategy has already scheduled still runs.
    /// </summary>
    /// <returns>What was discarded, sorted (<c>*</c> stands for a link or directory change).</returns>
    public IReadOnlyList<string> DiscardPendingChanges() => _pending.Take();

    /// <summary>
    /// Sets the counters of <see cref="GetStatistics"/> back to zero (reloads, failures, rollbacks, skips, change signals,
    /// files parsed) and forgets the last duration, time and error. The version, history and pending changes stay.
    /// </summary>
    public void ResetStatistics()
    {
        _counters.Reset();
        Interlocked.Exchange(ref _filesParsedBaseline, _pipeline.FilesParsed);
    }

    /// <summary>The reloader's counters and state.</summary>
    public ReloadStatistics GetStatistics() => new()
    {
        CurrentVersion = CurrentVersionOrZero,
        Strategy = Options.Strategy,
        Reloads = _counters.Reloads,
        Failures = _counters.Failures,
        Rollbacks = _counters.Rollbacks,
        IdenticalSkipped = _counters.IdenticalSkipped,
        ChangeSignals = _counters.ChangeSignals,
        FilesParsed = _pipeline.FilesParsed - Interlocked.Read(ref _filesParsedBaseline),
        LastDuration = _counters.LastDuration,
        LastReloadAt = _counters.LastReloadAt,
        LastError = _counters.LastError,
        WatcherMode = _source?.Mode ?? "none",
        SourceStatus = _source?.Status,
        PendingChanges = _pending.Count,
        IsMonitoring = IsMonitoring,
        IsReloading = Volatile.Read(ref _reloading) != 0,
        Backups = _published.History.Count,
        MigrationEnabled = _pipeline.LastExtensions?.Migrator is not null,
        ValidationEnabled = _pipeline.LastExtensions?.Validators.Count > 0,
        RollbackEnabled = Options.EnableRollback && Options.HealthCheck is not null,
    };

    private void OnChange(IReadOnlyList<string> files) => Record(files, FileEventKind.Changed);

    private void Record(IReadOnlyList<string> files, FileEventKind kind)
    {
        try
        {
            _counters.Signal();
            var fresh = _pending.Add(files);

            if (fresh.Count > 0 && _published.Current is { } current)
            {
                _report.FilesChanged(current, fresh);
            }

            _handler?.OnChange(files, kind, _pending.Count);
        }
        catch (ObjectDisposedException)
        {
            // A watcher event raced StopAsync; the change stays pending for the next start or ReloadNowAsync.
        }
        catch (Exception ex)
        {
            // Called on the watcher's thread: an exception here must not end the process or the watcher.
            ReloaderLog.Unexpected(_logger, ex, "recording a change", CurrentVersionOrZero, UnexpectedError.Describe(ex));
        }
    }
}
