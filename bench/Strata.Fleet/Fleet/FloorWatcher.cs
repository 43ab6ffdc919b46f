using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Strata.Fleet.Support;

namespace Strata.Fleet.Fleet;

/// <summary>
/// The floor: a bare dotnet-etcd client with one watch on the prefix and nothing else. It prints <c>release N</c> as
/// soon as a watch response carries the write of <c>base.yaml</c> with marker N (the publish transaction's revision).
/// No parsing beyond the marker, no merge, no validation, no instance record.
/// </summary>
internal static class FloorWatcher
{
    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        var endpoint = (arguments.Endpoints ?? throw new ArgumentException("--etcd is required")).Split(',')[0];
        var root = arguments.Prefix.TrimEnd('/') + "/";
        var baseKey = ByteString.CopyFromUtf8(root + "base.yaml");
        using var stop = new CancellationTokenSource();
        using var client = new EtcdClient(endpoint);
        var output = Console.Out;

        var current = await client.GetAsync(baseKey.ToStringUtf8());
        using var call = client.GetConnection().WatchClient.Watch(cancellationToken: stop.Token);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = ByteString.CopyFromUtf8(root),
                RangeEnd = ByteString.CopyFromUtf8(root[..^1] + "0"),
                StartRevision = current.Header.Revision + 1,
            },
        });
        if (!await call.ResponseStream.MoveNext(stop.Token) || !call.ResponseStream.Current.Created)
        {
            throw new InvalidOperationException("etcd did not create the watch");
        }

        // Ready: report the release it starts from, like a Strata watcher's first load.
        if (current.Kvs.Count > 0 && ReleaseSource.ParseMarker(current.Kvs[0].Value.ToStringUtf8()) is { } first)
        {
            output.WriteLine($"release {first}");
            output.Flush();
        }

        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(stop.Token))
            {
                foreach (var change in call.ResponseStream.Current.Events)
                {
                    if (change.Kv.Key.Equals(baseKey)
                        && ReleaseSource.ParseMarker(change.Kv.Value.ToStringUtf8()) is { } release)
                    {
                        output.WriteLine($"release {release}");
                        output.Flush();
                    }
                }
            }
        });

        // Runs until the coordinator closes stdin (or kills the process).
        await Console.In.ReadToEndAsync();
        await stop.CancelAsync();
        await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return 0;
    }
}
