using System.Diagnostics;
using Strata.Etcd.Publishing;
using Strata.Fleet.Fleet;
using Strata.Fleet.Support;

namespace Strata.Fleet.Scenarios;

/// <summary>
/// Strata against the floor, in the same run: for each fleet size N, N Strata watcher processes (each
/// <c>ConnectAsync</c> + <c>CreateReloader</c>, registered as an instance) on one prefix and N bare dotnet-etcd watch
/// clients on another, both alive throughout. Every release is published to both prefixes, one after the other
/// (which goes first alternates), and each publish is timed from the start of its transaction until every member
/// of that fleet has reported the release. For Strata it also times until every instance record says so.
/// </summary>
internal static class ConvergenceScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        using var etcd = arguments.Endpoints is null ? LocalEtcd.Start() : null;
        var endpoints = arguments.Endpoints ?? etcd!.Endpoint;
        using var source = new ReleaseSource();
        Console.WriteLine($"etcd {endpoints}; {Environment.ProcessorCount} cores; load average {Stats.LoadAverage()}");
        var results = new List<Result>();
        foreach (var count in arguments.Instances)
        {
            results.Add(await MeasureAsync(arguments, endpoints, source, count));
            Print(arguments, results[^1..]);
        }

        Console.WriteLine($"load average at the end {Stats.LoadAverage()}");
        Print(arguments, results);
        Console.WriteLine();
        Console.WriteLine("records: publish -> every Strata instance record in etcd names the release (what fleet status and a rollout driver see).");
        Console.WriteLine("goal (issue 15): p50 within 1.5× of the floor, p99 within 2×.");
        return 0;
    }

    private static async Task<Result> MeasureAsync(FleetArguments arguments, string endpoints, ReleaseSource source, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var strataPrefix = $"{arguments.Prefix}/{run}-strata";
        var floorPrefix = $"{arguments.Prefix}/{run}-floor";
        using var strataPublisher = ReleaseSource.CreatePublisher(endpoints, strataPrefix);
        using var floorPublisher = ReleaseSource.CreatePublisher(endpoints, floorPrefix);
        await source.PublishAsync(strataPublisher, 0);
        await source.PublishAsync(floorPublisher, 0);
        await using var records = await InstanceRecordWatch.StartAsync(endpoints, strataPrefix);

        Console.WriteLine($"{count} instances: starting {count} Strata watchers ({arguments.Environment}/{arguments.Agent}) and {count} floor clients");
        string[] settle = arguments.SettleMs is { } ms ? ["--settle-ms", ms.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        using var strata = await ProcessFleet.StartAsync(FleetArguments.Watcher, count, i =>
            ["--etcd", endpoints, "--prefix", strataPrefix, "--env", arguments.Environment, "--agent", arguments.Agent, "--instance", $"w{i}", .. settle], 0, StartPatience);
        using var floor = await ProcessFleet.StartAsync(FleetArguments.Floor, count, _ => ["--etcd", endpoints, "--prefix", floorPrefix], 0, StartPatience);
        await records.Records.WaitAllAsync(count, 1, StartPatience);

        var result = new Result(count);
        (TimeSpan Strata, TimeSpan Floor) cpuAtStart = default;
        for (var release = 1; release <= arguments.Warmup + arguments.Releases; release++)
        {
            source.Write(release);
            var measured = release > arguments.Warmup;
            if (release == arguments.Warmup + 1)
            {
                cpuAtStart = (strata.ProcessorTime(), floor.ProcessorTime());
            }

            var strataFirst = release % 2 == 0;
            foreach (var strataTurn in strataFirst ? new[] { true, false } : [false, true])
            {
                var publisher = strataTurn ? strataPublisher : floorPublisher;
                var fleet = strataTurn ? strata : floor;
                var plan = await publisher.PrepareAsync(source.Path, "fleet-bench", $"release {release}");

                // A quiet moment before each publish: the previous one's instance records have been written.
                await Task.Delay(arguments.Gap);
                var started = Stopwatch.GetTimestamp();
                var committed = await publisher.CommitAsync(plan);
                var commitMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var applied = Stopwatch.GetElapsedTime(started, await fleet.WaitAllAsync(release, Patience)).TotalMilliseconds;
                var recorded = strataTurn
                    ? Stopwatch.GetElapsedTime(started, await records.Records.WaitAllAsync(count, committed.Release.Number, Patience)).TotalMilliseconds
                    : 0;
                if (measured)
                {
                    (strataTurn ? result.Strata : result.Floor).Add(applied);
                    (strataTurn ? result.StrataCommit : result.FloorCommit).Add(commitMs);
                    if (strataTurn)
                    {
                        result.Records.Add(recorded);
                    }
                }
            }
        }

        // Processor time per release and instance over the measured releases, the quiet gaps between them included.
        var perRelease = (double)arguments.Releases * count;
        result.StrataCpuMs = (strata.ProcessorTime() - cpuAtStart.Strata).TotalMilliseconds / perRelease;
        result.FloorCpuMs = (floor.ProcessorTime() - cpuAtStart.Floor).TotalMilliseconds / perRelease;
        Console.WriteLine($"{count} instances: done; load average {Stats.LoadAverage()}");
        return result;
    }

    private static void Print(FleetArguments arguments, IReadOnlyList<Result> results)
    {
        static string P(List<double> values, double p) => Stats.Ms(Stats.Percentile(values, p));
        static string Ratio(List<double> strata, List<double> floor, double p) =>
            Stats.Num(Stats.Percentile(strata, p) / Stats.Percentile(floor, p), "F2") + "×";

        Console.WriteLine();
        Console.WriteLine($"Strata reload settings: defaults (an etcd watch signals whole transactions, so SettleDelay {arguments.ReloadOptions().SettleDelay.TotalMilliseconds} ms is not waited)");
        Console.WriteLine($"publish -> all applied, ms ({arguments.Releases} releases per fleet after {arguments.Warmup} warm-up; nearest rank, so p99 of {arguments.Releases} is the slowest)");
        Console.WriteLine();
        Console.WriteLine("| instances | Strata p50 | Strata p90 | Strata p99 | floor p50 | floor p90 | floor p99 | p50 Strata/floor | p99 Strata/floor | records p50 | records p99 | commit p50 | CPU ms per release and instance, Strata / floor |");
        Console.WriteLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            var commit = r.StrataCommit.Concat(r.FloorCommit).ToList();
            Console.WriteLine($"| {r.Count} | {P(r.Strata, 50)} | {P(r.Strata, 90)} | {P(r.Strata, 99)} | {P(r.Floor, 50)} | {P(r.Floor, 90)} | {P(r.Floor, 99)} "
                + $"| {Ratio(r.Strata, r.Floor, 50)} | {Ratio(r.Strata, r.Floor, 99)} | {P(r.Records, 50)} | {P(r.Records, 99)} | {P(commit, 50)} | {Stats.Num(r.StrataCpuMs, "F2")} / {Stats.Num(r.FloorCpuMs, "F2")} |");
        }
    }

    /// <summary>The measurements of one fleet size, in milliseconds.</summary>
    private sealed class Result(int count)
    {
        public int Count { get; } = count;

        public List<double> Strata { get; } = [];

        public List<double> Floor { get; } = [];

        public List<double> Records { get; } = [];

        public List<double> StrataCommit { get; } = [];

        public List<double> FloorCommit { get; } = [];

        public double StrataCpuMs { get; set; }

        public double FloorCpuMs { get; set; }
    }
}
