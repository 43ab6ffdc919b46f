namespace Strata.Etcd.Watching;

/// <summary>Whether a watcher is receiving changes from etcd.</summary>
public enum EtcdConnectionState
{
    /// <summary>Not started yet.</summary>
    Stopped,

    /// <summary>Opening a watch (first time or after a failure).</summary>
    Connecting,

    /// <summary>The watch is established; changes arrive as they are committed.</summary>
    Connected,

    /// <summary>etcd is unreachable; the last configuration keeps serving and a reconnect is scheduled.</summary>
    Disconnected,
}
