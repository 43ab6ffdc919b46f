using System.Globalization;
using System.Text;

namespace Strata.Reload;

/// <summary>A point-in-time view of a reloader's counters.</summary>
public sealed record ReloadStatistics
{
    /// <summary>The published version.</summary>
    public long CurrentVersion { get; init; }

    /// <summary>The reload strategy.</summary>
    public ReloadStrategy Strategy { get; init; }

    /// <summary>Reloads that published a new version.</summary>
    public long Reloads { get; init; }

    /// <summary>Reloads that failed (the current version stayed).</summary>
    public long Failures { get; init; }

    /// <summary>Rollbacks, manual and automatic.</summary>
    public long Rollbacks { get; init; }

    /// <summary>Reloads skipped because the content was identical.</summary>
    public long IdenticalSkipped { get; init; }

    /// <summary>Change signals received from the watcher.</summary>
    public long ChangeSignals { get; init; }

    /// <summary>Files parsed over the reloader's life (unchanged files are never parsed again).</summary>
    public long FilesParsed { get; init; }

    /// <summary>Duration of the last pipeline run.</summary>
    public TimeSpan LastDuration { get; init; }

    /// <summary>When the last reload attempt finished.</summary>
    public DateTimeOffset? LastReloadAt { get; init; }

    /// <summary>The first error of the last failed reload, as one line.</summary>
    public string? LastError { get; init; }

    /// <summary>How changes are detected: <c>events</c>, <c>polling</c>, <c>etcd</c> or <c>none</c>.</summary>
    public string WatcherMode { get; init; } = "none";

    /// <summary>The change source's own status (for etcd: connection state, revision, lag); null when it reports none.</summary>
    public object? SourceStatus { get; init; }

    /// <summary>Files changed and not yet reloaded.</summary>
    public int PendingChanges { get; init; }

    /// <summary>True while monitoring.</summary>
    public bool IsMonitoring { get; init; }

    /// <summary>True while a reload or rollback is running.</summary>
    public bool IsReloading { get; init; }

    /// <summary>Versions retained for rollback (the reloader's <c>History</c>, at most <see cref="ReloadOptions.MaxBackups"/>).</summary>
    public int Backups { get; init; }

    /// <summary>True when the last pipeline run had a migrator (from the options or the directory's <c>migrations/</c>).</summary>
    public bool MigrationEnabled { get; init; }

    /// <summary>True when the last pipeline run had a validator (from the options or the directory's <c>schema.yaml</c>).</summary>
    public bool ValidationEnabled { get; init; }

    /// <summary>True when a rejected version is rolled back automatically: <see cref="ReloadOptions.EnableRollback"/> is on and a <see cref="ReloadOptions.HealthCheck"/> is set.</summary>
    public bool RollbackEnabled { get; init; }

    /// <summary>
    /// One readable line, e.g. <c>version 4, 3 reloads, 1 failure, 0 rollbacks, 2 identical skipped, strategy manual,
    /// watcher events, monitoring, idle, 2 pending, 4 backups, migration on, validation off, rollback on, last reload
    /// 12.3 ms at 2026-11-27T12:00:00.000Z, last error: …</c> (the last two parts only when there is one).
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder(192);
        sb.Append(CultureInfo.InvariantCulture, $"version {CurrentVersion}, ")
            .Append(Count(Reloads, "reload")).Append(", ")
            .Append(Count(Failures, "failure")).Append(", ")
            .Append(Count(Rollbacks, "rollback")).Append(", ")
            .Append(CultureInfo.InvariantCulture, $"{IdenticalSkipped} identical skipped, ")
            .Append("strategy ").Append(Strategy.ToString().ToLowerInvariant())
            .Append(", watcher ").Append(WatcherMode)
            .Append(IsMonitoring ? ", monitoring" : ", stopped")
            .Append(IsReloading ? ", reloading" : ", idle")
            .Append(CultureInfo.InvariantCulture, $", {PendingChanges} pending, ")
            .Append(Count(Backups, "backup"))
            .Append(", migration ").Append(OnOff(MigrationEnabled))
            .Append(", validation ").Append(OnOff(ValidationEnabled))
            .Append(", rollback ").Append(OnOff(RollbackEnabled));
        if (LastReloadAt is { } at)
        {
            sb.Append(CultureInfo.InvariantCulture, $", last reload {LastDuration.TotalMilliseconds:0.#} ms at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}");
        }

        if (LastError is { Length: > 0 } error)
        {
            sb.Append(", last error: ").Append(error.ReplaceLineEndings(" "));
        }

        return sb.ToString();
    }

    private static string Count(long n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");

    private static string OnOff(bool on) => on ? "on" : "off";
}
