namespace Strata.Reload;

/// <summary>What the reload worker is asked to do.</summary>
internal enum ReloadRequestKind
{
    /// <summary>A reload the strategy asked for; at most one waits in the queue at a time.</summary>
    Triggered,

    /// <summary>A reload asked for explicitly (API, signal, CLI).</summary>
    Reload,

    /// <summary>A rollback to an earlier retained version.</summary>
    Rollback,

    /// <summary>Nothing: completes once every earlier request has run.</summary>
    Barrier,

    /// <summary>Start-up: apply what changed while the watcher was starting; say nothing when nothing did.</summary>
    Recheck,
}

/// <summary>One request to the reload worker.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Version">The version to roll back to, for <see cref="ReloadRequestKind.Rollback"/>.</param>
/// <param name="Completion">Completed with the outcome; null when nobody waits.</param>
internal sealed record ReloadRequest(ReloadRequestKind Kind, long? Version, TaskCompletionSource<ReloadOutcome>? Completion);
