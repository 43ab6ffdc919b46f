using dotnet_etcd;

namespace Strata.Etcd.Connection;

/// <summary>The client of one cluster member, as picked by <see cref="EtcdConnection.Pick"/>; hand it back to <see cref="EtcdConnection.Failed"/> when it fails.</summary>
/// <param name="Index">The endpoint's position in the configured list.</param>
/// <param name="Endpoint">The member's client URL.</param>
/// <param name="Client">The dotnet-etcd client bound to that member only.</param>
internal sealed record EtcdMemberClient(int Index, string Endpoint, EtcdClient Client);
