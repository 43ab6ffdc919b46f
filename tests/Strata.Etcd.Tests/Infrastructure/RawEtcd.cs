using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>Plain dotnet-etcd access for arranging and inspecting keys behind Strata's back.</summary>
internal sealed class RawEtcd(string endpoints) : IDisposable
{
    private readonly EtcdClient _client = new(endpoints, configureChannelOptions: o => o.Credentials = ChannelCredentials.Insecure);

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(20);

    public async Task<long> PutAsync(string key, string value) =>
        (await _client.PutAsync(key, value, deadline: Deadline)).Header.Revision;

    public async Task<long> DeleteAsync(string key) =>
        (await _client.DeleteAsync(key, deadline: Deadline)).Header.Revision;

    public async Task<IDictionary<string, string>> GetPrefixAsync(string prefix) =>
        await _client.GetRangeValAsync(prefix, deadline: Deadline);

    public async Task<long> RevisionAsync() =>
        (await _client.GetAsync("\0", deadline: Deadline)).Header.Revision;

    public async Task CompactAsync(long revision) =>
        await _client.CompactAsync(new CompactionRequest { Revision = revision, Physical = true }, deadline: Deadline);

    public void Dispose() => _client.Dispose();
}
