using System.Diagnostics;
using System.Text.Json;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace Strata.Fleet.Support;

/// <summary>
/// Follows <c>{prefix}/instances/</c> with one plain etcd watch and keeps, per instance id, the release its record
/// reports and when the record said so: what a rollout driver or <c>strata fleet status</c> would see.
/// </summary>
internal sealed class InstanceRecordWatch : IAsyncDisposable
{
    private readonly EtcdClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _instances;
    private AsyncDuplexStreamingCall<WatchRequest, WatchResponse>? _call;
    private Task? _loop;

    private InstanceRecordWatch(string endpoint, string prefix)
    {
        _client = new EtcdClient(endpoint.Split(',')[0]);
        _instances = prefix.TrimEnd('/') + "/instances/";
    }

    /// <summary>Each instance's latest reported release.</summary>
    public ReportBoard Records { get; } = new();

    public static async Task<InstanceRecordWatch> StartAsync(string endpoint, string prefix)
    {
        var watch = new InstanceRecordWatch(endpoint, prefix);
        await watch.OpenAsync();
        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _call?.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task OpenAsync()
    {
        var current = await _client.GetRangeAsync(_instances);
        foreach (var kv in current.Kvs)
        {
            Apply(kv.Key.ToStringUtf8(), kv.Value, Stopwatch.GetTimestamp());
        }

        _call = _client.GetConnection().WatchClient.Watch(cancellationToken: _stop.Token);
        await _call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = ByteString.CopyFromUtf8(_instances),
                RangeEnd = ByteString.CopyFromUtf8(_instances[..^1] + "0"),
                StartRevision = current.Header.Revision + 1,
            },
        });
        if (!await _call.ResponseStream.MoveNext(_stop.Token) || !_call.ResponseStream.Current.Created)
        {
            throw new InvalidOperationException("etcd did not create the instance record watch");
        }

        _loop = Task.Run(ReadAsync);
    }

    private async Task ReadAsync()
    {
        while (await _call!.ResponseStream.MoveNext(_stop.Token))
        {
            var at = Stopwatch.GetTimestamp();
            foreach (var change in _call.ResponseStream.Current.Events)
            {
                var key = change.Kv.Key.ToStringUtf8();
                if (change.Type == Mvccpb.Event.Types.EventType.Delete)
                {
                    Records.Remove(key[_instances.Length..]);
                }
                else
                {
                    Apply(key, change.Kv.Value, at);
                }
            }
        }
    }

    private void Apply(string key, ByteString value, long at)
    {
        using var record = JsonDocument.Parse(value.Memory);
        if (record.RootElement.TryGetProperty("release", out var release) && release.ValueKind == JsonValueKind.Number)
        {
            Records.Report(key[_instances.Length..], release.GetInt64(), at);
        }
    }
}
