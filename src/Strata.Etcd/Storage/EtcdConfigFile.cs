namespace Strata.Etcd.Storage;

/// <summary>One config file as stored in etcd.</summary>
/// <param name="Content">The file's bytes (its text, UTF-8).</param>
/// <param name="ModRevision">The etcd revision that last wrote it; provenance names it (<c>etcd:/prefix/base.yaml@42</c>).</param>
public sealed record EtcdConfigFile(ReadOnlyMemory<byte> Content, long ModRevision);
