using System.Diagnostics;
using System.Globalization;
using Strata.Fleet.Support;

namespace Strata.Fleet.Scenarios;

/// <summary>
/// N Strata instances (default 200) in this one process against one etcd: they start and register, then etcd's own
/// metrics are sampled across a quiet period (what an idle fleet costs: lease keep-alives) and around each release
/// (what a publish costs: instance-record writes, watch events, bytes), together with the convergence.
/// </summary>
internal static class SimulationScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        var count = arguments.Instances[0];
        using var etcd = arguments.Endpoints is null ? LocalEtcd.Start() : null;
        var endpoints = arguments.Endpoints ?? etcd!.Endpoint;
        using var metrics = new EtcdMetrics(endpoints);
        using var source = new ReleaseSource();
        var prefix = $"{arguments.Prefix}/{Guid.NewGuid().ToString("N")[..8]}-sim";
        using var publisher = ReleaseSource.CreatePublisher(endpoints, prefix);
        await source.PublishAsync(publisher, 0);
        await using var records = await InstanceRecordWatch.StartAsync(endpoints, prefix);
        Console.WriteLine($"etcd {endpoints}, prefix {prefix}; {Environment.ProcessorCount} cores; load average {Stats.LoadAverage()}; SettleDelay {arguments.ReloadOptions().SettleDelay.TotalMilliseconds} ms");

        var board = new ReportBoard();
        var instances = new List<SimulatedInstance>();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        try
        {
            var starting = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var instance = await SimulatedInstance.StartAsync(arguments, endpoints, prefix, $"sim-{i:D4}", board);
                lock (instances)
                {
                    instances.Add(instance);
                }
            });
            await board.WaitAllAsync(count, 0, Patience);
            var loaded = Stopwatch.GetElapsedTime(starting);
            await records.Records.WaitAllAsync(count, 1, Patience);
            var registered = Stopwatch.GetElapsedTime(starting);
            Console.WriteLine($"{count} instances loaded in {loaded.TotalSeconds:F1} s, all registered in {registered.TotalSeconds:F1} s");

            // Settle, then an idle fleet: only keep-alives should reach etcd.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var memoryPerInstance = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / (double)count;
            var idleBefore = await metrics.ScrapeAsync();
            await Task.Delay(arguments.Quiet);
            var idleAfter = await metrics.ScrapeAsync();
            var idleSeconds = idleBefore.Seconds(idleAfter);
            var connections = EstablishedConnections(new Uri(endpoints.Split(',')[0]).Port);

            var perRelease = MetricCounter.All.ToDictionary(c => c, _ => new List<double>());
            var applied = new List<double>();
            var recorded = new List<double>();
            for (var release = 1; release <= arguments.Releases; release++)
            {
                source.Write(release);
                var plan = await publisher.PrepareAsync(source.Path, "fleet-bench", $"release {release}");
                await Task.Delay(arguments.Gap);
                var before = await metrics.ScrapeAsync();
                var started = Stopwatch.GetTimestamp();
                var committed = await publisher.CommitAsync(plan);
                applied.Add(Stopwatch.GetElapsedTime(started, await board.WaitAllAsync(count, release, Patience)).TotalMilliseconds);
                recorded.Add(Stopwatch.GetElapsedTime(started, await records.Records.WaitAllAsync(count, committed.Release.Number, Patience)).TotalMilliseconds);

                // Let the last record writes reach every watcher before the sample closes.
                await Task.Delay(Drain);
                var after = await metrics.ScrapeAsync();
                var window = before.Seconds(after);
                foreach (var counter in MetricCounter.All)
                {
                    var idleRate = counter.Delta(idleBefore, idleAfter) / idleSeconds;
                    perRelease[counter].Add(counter.Delta(before, after) - (idleRate * window));
                }
            }

            Print(arguments, count, idleBefore, idleAfter, perRelease, applied, recorded, connections, memoryPerInstance);
            Console.WriteLine($"load average at the end {Stats.LoadAverage()}");
        }
        finally
        {
            await Task.WhenAll(instances.Select(i => i.DisposeAsync().AsTask()));
        }

        return 0;
    }

    private static void Print(FleetArguments arguments, int count, MetricSample idleBefore, MetricSample idleAfter, Dictionary<MetricCounter, List<double>> perRelease,
        List<double> applied, List<double> recorded, int connections, double memoryPerInstance)
    {
        var seconds = idleBefore.Seconds(idleAfter);
        Console.WriteLine();
        Console.WriteLine($"etcd with {count} instances registered: {idleAfter.Get("etcd_debugging_mvcc_watcher_total")} watchers on {idleAfter.Get("etcd_debugging_mvcc_watch_stream_total")} watch streams, "
            + $"{connections} TCP connections from this process, {idleAfter.Get("etcd_debugging_mvcc_keys_total")} keys, db {idleAfter.Get("etcd_mvcc_db_total_size_in_bytes") / 1024 / 1024:F1} MiB, "
            + $"etcd resident memory {idleAfter.Get("process_resident_memory_bytes") / 1024 / 1024:F0} MiB; simulating process: {memoryPerInstance / 1024:F0} KiB of managed heap per instance");
        Console.WriteLine("(the benchmark's own record watch is one more watcher and receives one event per record write)");
        Console.WriteLine();
        Console.WriteLine($"idle fleet, {seconds:F1} s quiet (instance TTL 10 s, keep-alive every TTL/3)");
        Console.WriteLine();
        Console.WriteLine("| what etcd serves | per second | per instance per second |");
        Console.WriteLine("|---|--:|--:|");
        foreach (var counter in MetricCounter.All)
        {
            var rate = counter.Delta(idleBefore, idleAfter) / seconds;
            Console.WriteLine($"| {counter.Label} | {Stats.Num(rate, "F2")} | {Stats.Num(rate / count, "F4")} |");
        }

        Console.WriteLine();
        Console.WriteLine($"per release, above the idle rate ({arguments.Releases} releases, median; each changes one file, base.yaml, {new FileInfo(Path.Combine("samples", "config", "base.yaml")).Length} bytes before the marker)");
        Console.WriteLine();
        Console.WriteLine("| what etcd serves | per release (median) | min | max | per instance |");
        Console.WriteLine("|---|--:|--:|--:|--:|");
        foreach (var counter in MetricCounter.All)
        {
            var values = perRelease[counter];
            var median = Stats.Percentile(values, 50);
            var format = counter == MetricCounter.CpuSeconds ? "F3" : "F1";
            Console.WriteLine($"| {counter.Label} | {Stats.Num(median, format)} | {Stats.Num(values.Min(), format)} | {Stats.Num(values.Max(), format)} | {Stats.Num(median / count, counter == MetricCounter.CpuSeconds ? "F5" : "F2")} |");
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"convergence, publish -> all {count} applied: p50 {Stats.Ms(Stats.Percentile(applied, 50))} ms, p99 {Stats.Ms(Stats.Percentile(applied, 99))} ms; "
            + $"-> all {count} records name the release: p50 {Stats.Ms(Stats.Percentile(recorded, 50))} ms, p99 {Stats.Ms(Stats.Percentile(recorded, 99))} ms"));
    }

    /// <summary>TCP connections this process holds open to the port (from /proc: its socket inodes matched in /proc/net/tcp and tcp6); -1 off Linux.</summary>
    private static int EstablishedConnections(int port)
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            return -1;
        }

        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                sockets.Add(target["socket:[".Length..^1]);
            }
        }

        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(f => File.ReadLines(f).Skip(1))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 9 && f[3] == "01" && f[2].EndsWith(hexPort, StringComparison.Ordinal) && sockets.Contains(f[9]));
    }
}
