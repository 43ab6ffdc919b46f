using System.Diagnostics;
using System.Globalization;

namespace Strata.Fleet.Support;

/// <summary>Reads etcd's own Prometheus endpoint (<c>{client URL}/metrics</c>) into samples that can be subtracted.</summary>
internal sealed class EtcdMetrics : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _uri;

    public EtcdMetrics(string endpoint) => _uri = new Uri(endpoint.Split(',')[0].TrimEnd('/') + "/metrics");

    public async Task<MetricSample> ScrapeAsync()
    {
        var text = await _http.GetStringAsync(_uri);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }

        return new MetricSample(Stopwatch.GetTimestamp(), values);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One scrape: every series (<c>name{labels}</c>) and its value, with the time it was taken.</summary>
internal sealed record MetricSample(long Timestamp, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The sum of every series called <paramref name="name"/> whose labels contain <paramref name="label"/> (such as <c>grpc_method="Put"</c>).</summary>
    public double Get(string name, string? label = null)
    {
        var sum = 0.0;
        foreach (var (series, value) in Values)
        {
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var seriesName = brace < 0 ? series : series[..brace];
            if (seriesName == name && (label is null || (brace >= 0 && series.Contains(label, StringComparison.Ordinal))))
            {
                sum += value;
            }
        }

        return sum;
    }

    public double Seconds(MetricSample later) => Stopwatch.GetElapsedTime(Timestamp, later.Timestamp).TotalSeconds;
}

/// <summary>The counters the simulation reports, each read the same way from any sample.</summary>
internal sealed record MetricCounter(string Label, string Name, string? Filter = null)
{
    public static readonly MetricCounter KeepAlives = new("lease keep-alives (LeaseKeepAlive messages)", "grpc_server_msg_received_total", "grpc_method=\"LeaseKeepAlive\"");
    public static readonly MetricCounter LeaseGrants = new("lease grants", "grpc_server_handled_total", "grpc_method=\"LeaseGrant\"");
    public static readonly MetricCounter PutRequests = new("Put requests (instance records)", "grpc_server_handled_total", "grpc_method=\"Put\"");
    public static readonly MetricCounter TxnRequests = new("Txn requests (publishes)", "grpc_server_handled_total", "grpc_method=\"Txn\"");
    public static readonly MetricCounter RangeRequests = new("Range requests (reads)", "grpc_server_handled_total", "grpc_method=\"Range\"");
    public static readonly MetricCounter KeysWritten = new("keys written (mvcc puts, in Put and Txn)", "etcd_mvcc_put_total");
    public static readonly MetricCounter BytesWritten = new("bytes written (keys and values)", "etcd_debugging_mvcc_total_put_size_in_bytes");
    public static readonly MetricCounter WatchResponses = new("watch responses sent", "grpc_server_msg_sent_total", "grpc_method=\"Watch\"");
    public static readonly MetricCounter WatchEvents = new("watch events delivered", "etcd_debugging_mvcc_events_total");
    public static readonly MetricCounter BytesSent = new("bytes sent to clients", "etcd_network_client_grpc_sent_bytes_total");
    public static readonly MetricCounter BytesReceived = new("bytes received from clients", "etcd_network_client_grpc_received_bytes_total");
    public static readonly MetricCounter CpuSeconds = new("etcd CPU seconds", "process_cpu_seconds_total");

    public static readonly IReadOnlyList<MetricCounter> All =
        [KeepAlives, LeaseGrants, PutRequests, TxnRequests, RangeRequests, KeysWritten, BytesWritten, WatchResponses, WatchEvents, BytesSent, BytesReceived, CpuSeconds];

    public double Delta(MetricSample before, MetricSample after) => after.Get(Name, Filter) - before.Get(Name, Filter);
}
