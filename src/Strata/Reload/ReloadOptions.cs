using Strata.Snapshots;

namespace Strata.Reload;

/// <summary>Settings of a <see cref="ConfigurationHotReloader"/>.</summary>
public sealed class ReloadOptions
{
    /// <summary>The strategy. Default <see cref="ReloadStrategy.Immediate"/>.</summary>
    public ReloadStrategy Strategy { get; set; } = ReloadStrategy.Immediate;

    /// <summary>
    /// Immediate strategy: quiet time after the last event of a save before reloading. Default 10 ms. On Linux a file
    /// closed after writing, or renamed into place, is read at once without this wait (unless another file still has
    /// events waiting), and a file still open for writing is waited for until it is closed (or 2 s without an event);
    /// deletions, directory and link changes, and other systems, wait for this quiet time.
    /// </summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Batched strategy: delay after the last change. Default 1 s.</summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Batched strategy: distinct changed files that trigger a reload at once. Default 10.</summary>
    public int MaxBatchSize { get; set; } = 10;

    /// <summary>Scheduled strategy: the interval. Default 5 s.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Files that count as configuration (globs on the path relative to the config directory). Default <c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>.</summary>
    public IList<string> FilePatterns { get; } = ["*.yaml", "*.yml", "*.json"];

    /// <summary>Files never counted (editor temp files and the like). Default <c>*.tmp</c>, <c>*.bak</c>, <c>.*</c>, <c>*~</c>, <c>*.swp</c>, <c>4913</c>.</summary>
    public IList<string> IgnorePatterns { get; } = ["*.tmp", "*.bak", ".*", "*~", "*.swp", "4913"];

    /// <summary>Watch subdirectories (environments/, agents/, migrations/). Default true.</summary>
    public bool Recursive { get; set; } = true;

    /// <summary>Poll content hashes instead of using file-system events (network file systems). Default false.</summary>
    public bool UsePolling { get; set; }

    /// <summary>Polling interval, also used when events cannot start (inotify limits). Default 1 s.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Roll back automatically when <see cref="HealthCheck"/> rejects a published version. Default true.</summary>
    public bool EnableRollback { get; set; } = true;

    /// <summary>How many earlier versions an automatic rollback may try. Default 3.</summary>
    public int MaxRollbackAttempts { get; set; } = 3;

    /// <summary>An optional check run after each publish; false or an exception rejects the version.</summary>
    public Func<ConfigSnapshot, CancellationToken, ValueTask<bool>>? HealthCheck { get; set; }

    /// <summary>Versions kept in memory (and on disk when <see cref="BackupDirectory"/> is set). Default 5.</summary>
    public int MaxBackups { get; set; } = 5;

    /// <summary>Where to write each applied version (atomically, mode 0600, secrets redacted); none when null.</summary>
    public string? BackupDirectory { get; set; }

    /// <summary>Reload when the process receives SIGHUP. Default false (a host may own that signal).</summary>
    public bool ReloadOnSigHup { get; set; }

    /// <summary>The clock for strategy timers, polling and timestamps. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
