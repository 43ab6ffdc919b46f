using System.Diagnostics;
using Strata.Etcd;
using Strata.Etcd.Rollouts;
using Strata.Fleet.Fleet;
using Strata.Fleet.Support;

namespace Strata.Fleet.Scenarios;

/// <summary>
/// What a staged rollout costs beyond its bake times: N Strata watcher processes (registered instances) on one prefix,
/// then rollouts of a canary of one, half the fleet, everybody (three waves), each driven by an
/// <see cref="EtcdRolloutDriver"/> from the start of the publish until the rollout completes. The time beyond the three
/// bakes is what the waves themselves take: instances seeing their wave open, loading the release, reporting it, and
/// the driver noticing.
/// </summary>
internal static class RolloutScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        using var etcd = arguments.Endpoints is null ? LocalEtcd.Start() : null;
        var endpoints = arguments.Endpoints ?? etcd!.Endpoint;
        var count = arguments.Instances[^1];
        var prefix = $"{arguments.Prefix}/{Guid.NewGuid().ToString("N")[..8]}-rollout";
        using var source = new ReleaseSource();
        using var publisher = ReleaseSource.CreatePublisher(endpoints, prefix);
        await source.PublishAsync(publisher, 0);
        Console.WriteLine($"etcd {endpoints}; {Environment.ProcessorCount} cores; load average {Stats.LoadAverage()}; starting {count} Strata watchers");
        using var fleet = await ProcessFleet.StartAsync(FleetArguments.Watcher, count, i =>
            ["--etcd", endpoints, "--prefix", prefix, "--env", arguments.Environment, "--agent", arguments.Agent, "--instance", $"w{i}"], 0, Patience);
        await using var records = await InstanceRecordWatch.StartAsync(endpoints, prefix);
        await records.Records.WaitAllAsync(count, 0, Patience);

        var bake = arguments.Bake;
        using var driver = new EtcdRolloutDriver(new EtcdOptions { Prefix = prefix }.WithEndpoints(endpoints)) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var beyond = new List<double>();
        var perWave = new List<double>();
        for (var release = 1; release <= arguments.Releases; release++)
        {
            source.Write(release);
            var plan = await publisher.PrepareAsync(source.Path, "fleet-bench", $"release {release}");
            var staging = new EtcdRolloutOptions { Canary = "1", Bake = bake };
            staging.Waves.Add("50%");
            staging.Waves.Add("100%");
            var started = Stopwatch.GetTimestamp();
            var result = await publisher.StartRolloutAsync(plan, staging);
            var opened = new List<long> { started };
            var final = await driver.DriveAsync(new WaveClock(opened)).WaitAsync(Patience);
            var total = Stopwatch.GetElapsedTime(started);
            if (final.State != EtcdRolloutState.Completed)
            {
                throw new InvalidOperationException($"rollout of release {release} ended {final.State}: {final.Reason}");
            }

            await fleet.WaitAllAsync(release, Patience);
            var waves = final.Waves.Count;
            beyond.Add((total - waves * bake).TotalMilliseconds);
            perWave.AddRange(opened.Zip(opened.Skip(1), (a, b) => (Stopwatch.GetElapsedTime(a, b) - bake).TotalMilliseconds));
            Console.WriteLine($"release {release}: {waves} waves ({string.Join(", ", final.Waves.Select(w => $"{w.Target}={w.Instances}"))}), {Stats.Ms(total.TotalMilliseconds)} ms in all, {Stats.Ms(beyond[^1])} ms beyond the bakes");
        }

        Console.WriteLine();
        Console.WriteLine($"{count} instances, {arguments.Releases} rollouts of 3 waves (canary 1, 50%, 100%), bake {bake.TotalSeconds} s per wave, driver poll 50 ms");
        Console.WriteLine("| measure | p50 | p90 | max |");
        Console.WriteLine("|---|--:|--:|--:|");
        Console.WriteLine($"| rollout time beyond its bake times, ms | {Stats.Ms(Stats.Percentile(beyond, 50))} | {Stats.Ms(Stats.Percentile(beyond, 90))} | {Stats.Ms(beyond.Max())} |");
        Console.WriteLine($"| one wave opened -> the next opened, beyond the bake, ms | {Stats.Ms(Stats.Percentile(perWave, 50))} | {Stats.Ms(Stats.Percentile(perWave, 90))} | {Stats.Ms(perWave.Max())} |");
        return 0;
    }

    /// <summary>Notes when each wave is seen open (the driver reports every new state of the record).</summary>
    private sealed class WaveClock(List<long> opened) : IProgress<EtcdRollout>
    {
        private int _wave = 1;

        public void Report(EtcdRollout value)
        {
            if (value.IsActive && value.CurrentWave > _wave)
            {
                _wave = value.CurrentWave;
                opened.Add(Stopwatch.GetTimestamp());
            }
            else if (value.State == EtcdRolloutState.Completed)
            {
                opened.Add(Stopwatch.GetTimestamp());
            }
        }
    }
}
