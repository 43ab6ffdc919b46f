namespace Strata.Etcd.Storage;

/// <summary>A release's record or stored content is missing or damaged in the history: reading it again will not help.</summary>
internal sealed class EtcdReleaseUnavailableException(string message) : EtcdException(message);
