namespace Strata.Etcd.Watching;

/// <summary>What an etcd watcher reports for reload statistics.</summary>
/// <param name="State">Connected, disconnected, ...</param>
/// <param name="Revision">The etcd revision the served configuration reflects.</param>
/// <param name="Release">The release number of the served configuration, when it was published with Strata.</param>
/// <param name="ClusterRevision">The newest revision of the configuration this watcher has heard etcd report (a change it received, a progress notification, a full read); writes of instance records do not count.</param>
/// <param name="DisconnectedSince">When the watcher lost etcd, while it is disconnected.</param>
/// <param name="Staleness">How long the served configuration may have been out of date: zero while connected, the time since the connection was lost otherwise.</param>
/// <param name="Reconnects">How many times the watch was re-established after a failure.</param>
/// <param name="Resyncs">How many times everything was read again because the revision to resume from had been compacted.</param>
/// <param name="Updates">How many times a new copy was swapped in (changes to the configuration or the rollout record, full reads).</param>
/// <param name="LastError">The last failure, one line; null when none.</param>
public sealed record EtcdWatchStatistics(
    EtcdConnectionState State,
    long Revision,
    long? Release,
    long ClusterRevision,
    DateTimeOffset? DisconnectedSince,
    TimeSpan Staleness,
    int Reconnects,
    int Resyncs,
    long Updates,
    string? LastError)
{
    /// <summary>Revisions committed in etcd that this watcher has not applied yet (as far as it knows); the lag.</summary>
    public long RevisionLag => Math.Max(0, ClusterRevision - Revision);
}
