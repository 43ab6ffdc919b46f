namespace Strata.Reload;

/// <summary>A point-in-time view of a reloader's counters.</summary>
public sealed record ReloadStatistics
{
    /// <summary>The published version.</summary>
    public long CurrentVersion { get; init; }

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
}
