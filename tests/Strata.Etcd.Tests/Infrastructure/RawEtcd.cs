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

    /// <summary>Every value a key held from a revision on, oldest first, read back through a watch (the history must not be compacted).</summary>
    public async Task<List<string>> HistoryAsync(string key, long fromRevision)
    {
        var latest = await _client.GetAsync(key, deadline: Deadline);
        var last = latest.Kvs.Count > 0 ? latest.Kvs[0].ModRevision : 0;
        var values = new List<string>();
        if (last < fromRevision)
        {
            return values;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = _client.GetConnection().WatchClient.Watch(cancellationToken: timeout.Token);
        await watch.RequestStream.WriteAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8(key), StartRevision = fromRevision } }, timeout.Token);
        while (await watch.ResponseStream.MoveNext(timeout.Token))
        {
            foreach (var e in watch.ResponseStream.Current.Events)
            {
                values.Add(e.Kv.Value.ToStringUtf8());
                if (e.Kv.ModRevision >= last)
                {
                    return values;
                }
            }
        }

        return values;
    }

    public void Dispose() => _client.Dispose();
}
