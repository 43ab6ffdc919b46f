namespace Strata.Etcd.Watching;

/// <summary>Whether a watcher is receiving changes from etcd.</summary>
public enum EtcdConnectionState
{
    /// <summary>Not started yet.</summary>
    Stopped,

    /// <summary>Opening a watch (first time or after a failure).</summary>
    Connecting,

    /// <summary>
    /// The watch is established and changes arrive as they are committed; also right after a compaction made the watcher
    /// read everything again, while the next watch opens from that read.
    /// </summary>
    Connected,

    /// <summary>etcd is unreachable; the last configuration keeps serving and a reconnect is scheduled.</summary>
    Disconnected,
}
