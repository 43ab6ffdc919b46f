using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Strata.Etcd.Instances;

namespace Strata.Etcd.Tests.Instances;

/// <summary>
/// Waits until the fleet status shows what a test waits for (60 s at most): it watches the prefix and reads the status
/// again after every change there (a record written, a lease expired), never on a timer.
/// </summary>
internal static class FleetStatusProbe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<EtcdFleetStatus> WaitForAsync(EtcdOptions options, Func<EtcdFleetStatus, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var client = new EtcdClient(string.Join(",", options.Endpoints), configureChannelOptions: o => o.Credentials = ChannelCredentials.Insecure);
        EtcdFleetStatus? last = null;
        try
        {
            // The watch exists before the first read, so a change after that read always wakes the loop.
            using var watch = client.GetConnection().WatchClient.Watch(cancellationToken: timeout.Token);
            var prefix = ByteString.CopyFromUtf8(options.Prefix.TrimEnd('/') + "/");
            await watch.RequestStream.WriteAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = prefix, RangeEnd = RangeEnd(prefix) } }, timeout.Token);
            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "the watch on the prefix was not created");
            while (true)
            {
                last = await EtcdFleetStatus.ReadAsync(options, timeout.Token);
                if (condition(last))
                {
                    return last;
                }

                Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "the watch on the prefix ended");
            }
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && ex is OperationCanceledException or RpcException)
        {
            var seen = last is null ? "nothing read" : string.Join("; ", last.Instances.Select(i => i.ToJson()));
            throw new TimeoutException($"the fleet status did not show {what} within {Patience.TotalSeconds} s; last: {seen}");
        }
    }

    /// <summary>Waits until the instance's record satisfies <paramref name="condition"/>; returns the record.</summary>
    public static async Task<EtcdInstanceRecord> WaitForInstanceAsync(EtcdOptions options, string id, Func<EtcdInstanceRecord, bool> condition, string what)
    {
        var status = await WaitForAsync(options, s => s.Instances.Any(i => i.Id == id && condition(i)), $"{id} {what}");
        return status.Instances.Single(i => i.Id == id);
    }

    public static Task WaitForAbsenceAsync(EtcdOptions options, string id) =>
        WaitForAsync(options, s => s.Instances.All(i => i.Id != id), $"{id} gone");

    /// <summary>The first key after every key that starts with <paramref name="prefix"/>.</summary>
    private static ByteString RangeEnd(ByteString prefix)
    {
        var end = prefix.ToByteArray();
        end[^1]++;
        return ByteString.CopyFrom(end);
    }
}
