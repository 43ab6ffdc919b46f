using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Strata.Compare.Faults;
using Strata.Compare.Support;
using Strata.Reload;

namespace Strata.Compare.Scenarios;

/// <summary>
/// A seeded script of valid edits and faults played against one <c>base.json</c> that Strata and two
/// M.E.C. set-ups (default <c>ReloadDelay</c> and <c>ReloadDelay = 0</c>) watch at the same time, with
/// four reader threads per system reading all the while. Counted per system:
/// <list type="bullet">
/// <item>invalid reads: a value never present in any valid version;</item>
/// <item>keys lost: keys missing compared with the last valid content, summed over reader rounds;</item>
/// <item>missed updates: valid versions the system never showed although they stayed on disk longer than
/// its own reload delay + 100 ms (shorter-lived ones are "not judged": any debounce may skip them);</item>
/// <item>time diverged: time the system's content differed from the last valid content (includes the
/// normal reload latency after every edit);</item>
/// <item>torn rounds: one round of reads that mixed two versions.</item>
/// </list>
/// </summary>
internal sealed class FaultsScenario : IScenario
{
    private const int GraceMarginMs = 100;

    public string Name => "faults";

    public string Description => "seeded fault script (>= 500 steps), 4 readers per system";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context)
    {
        var stepsCount = Math.Max(500, context.IntOption("steps", 500, 600));
        var (minDwell, maxDwell) = context.Quick ? (60, 400) : (100, 700);
        var steps = FaultScript.Generate(context.Seed, stepsCount, minDwell, maxDwell);
        context.Log.WriteLine($"  {steps.Count} steps (seed {context.Seed}, dwell {minDwell}-{maxDwell} ms): {FaultScript.Describe(steps)}");

        var dir = Paths.NewScratch("faults");
        var truth = new GroundTruth();
        var script = new FaultScript(dir, truth);
        script.Initialize();

        var strataOptions = new ReloadOptions { Strategy = ReloadStrategy.Immediate };
        var reloader = await StrataSetup.StartAsync(dir, strataOptions, new ServiceSchemaValidator()).ConfigureAwait(false);
        var slowCounter = new ParseCounter();
        var fastCounter = new ParseCounter();
        var slow = Mec.Build([script.File], reloadOnChange: true, Mec.DefaultReloadDelayMs, slowCounter);
        var fast = Mec.Build([script.File], reloadOnChange: true, 0, fastCounter);

        var probes = new[]
        {
            (Probe: new ReadProbe("Strata", values => ReadStrata(reloader, values), truth), GraceMs: strataOptions.SettleDelay.TotalMilliseconds + GraceMarginMs),
            (Probe: new ReadProbe("M.E.C. 250", values => ReadMec(slow, values), truth), GraceMs: (double)Mec.DefaultReloadDelayMs + GraceMarginMs),
            (Probe: new ReadProbe("M.E.C. 0", values => ReadMec(fast, values), truth), GraceMs: (double)GraceMarginMs),
        };
        foreach (var (probe, _) in probes)
        {
            probe.Start();
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var i = 0; i < steps.Count; i++)
            {
                await script.PlayAsync(steps[i], CancellationToken.None).ConfigureAwait(false);
                if ((i + 1) % 100 == 0)
                {
                    context.Log.WriteLine($"  step {i + 1}/{steps.Count}, {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
                }
            }

            await Task.Delay(1000).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (probe, _) in probes)
            {
                probe.Stop();
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var end = Stopwatch.GetTimestamp();
        var versions = truth.Versions.Where(v => v.Generation != 1).ToList();
        var stats = reloader.GetStatistics();
        await reloader.DisposeAsync().ConfigureAwait(false);
        (slow as IDisposable)?.Dispose();
        (fast as IDisposable)?.Dispose();
        Paths.Delete(dir);

        var kinds = steps.ToDictionary(s => s.Generation, s => s.Kind);
        var results = probes.Select(p =>
        {
            var judged = versions.Where(v => v.Lifetime(end).TotalMilliseconds >= p.GraceMs).ToList();
            var missedVersions = judged.Where(v => !p.Probe.Observed(v.Generation)).ToList();
            var byKind = string.Join(", ", missedVersions.GroupBy(v => kinds[v.Generation]).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
            return (p.Probe, Judged: judged.Count, Missed: missedVersions.Count, ByKind: byKind);
        }).ToArray();

        var strata = results[0];
        var rows = new List<ResultRow>();
        foreach (var (mec, setup) in new[] { (results[1], Mec.Describe(Mec.DefaultReloadDelayMs)), (results[2], Mec.Describe(0)) })
        {
            rows.Add(new ResultRow(Name, "invalid reads", "reads", strata.Probe.InvalidReads, mec.Probe.InvalidReads, setup,
                Note: $"of {strata.Probe.Reads:N0} (Strata) / {mec.Probe.Reads:N0} (M.E.C.) reads"));
            rows.Add(new ResultRow(Name, "keys lost (summed over reader rounds)", "keys", strata.Probe.KeysLost, mec.Probe.KeysLost, setup,
                Note: $"rounds with a missing key: {strata.Probe.RoundsMissingKeys:N0} / {mec.Probe.RoundsMissingKeys:N0}"));
            rows.Add(new ResultRow(Name, "missed updates", "edits", strata.Missed, mec.Missed, setup,
                Note: $"valid edits judged: {strata.Judged} / {mec.Judged} of {versions.Count}" + (mec.ByKind.Length > 0 ? $"; M.E.C. missed: {mec.ByKind}" : string.Empty) + (strata.ByKind.Length > 0 ? $"; Strata missed: {strata.ByKind}" : string.Empty)));
            rows.Add(new ResultRow(Name, "time diverged from last valid content", "s", strata.Probe.Diverged.TotalSeconds, mec.Probe.Diverged.TotalSeconds, setup,
                Note: $"run {elapsed.TotalSeconds:0} s; includes reload latency"));
            rows.Add(new ResultRow(Name, "torn rounds (one round mixed two versions)", "rounds", strata.Probe.TornRounds, mec.Probe.TornRounds, setup,
                Note: $"of {strata.Probe.Rounds:N0} / {mec.Probe.Rounds:N0} rounds"));
        }

        rows.Add(new ResultRow(Name, "reload failures kept out (Strata) / load errors (M.E.C. 250, M.E.C. 0)", "count", stats.Failures, slowCounter.Errors, $"and {fastCounter.Errors} with ReloadDelay = 0",
            Note: $"Strata published {stats.Reloads} versions", Informational: true));
        context.Log.WriteLine($"  Strata: {stats.Reloads} reloads, {stats.Failures} failures kept out, {stats.IdenticalSkipped} identical skipped; last error: {stats.LastError}");
        return rows;
    }

    private static bool ReadStrata(ConfigurationHotReloader reloader, string?[] values)
    {
        var snapshot = reloader.Current;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = snapshot.TryGet<string>(FaultContent.Keys[i], out var v) ? v : null;
        }

        return true;
    }

    private static bool ReadMec(IConfiguration configuration, string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = configuration[FaultContent.MecKeys[i]];
        }

        return true;
    }
}
