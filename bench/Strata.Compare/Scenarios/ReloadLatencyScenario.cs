using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Strata.Compare.Support;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Compare.Scenarios;

/// <summary>
/// Write → a subscriber sees the new value. Each edit rewrites a 50-key JSON file in place (open with
/// truncate, write, close — what most programs do) and the clock stops inside the subscriber's
/// callback once it reads the new value: Strata's <see cref="ConfigurationHotReloader.AddNotificationCallback"/>
/// (delivered on the notification thread after the publish) and M.E.C.'s reload token
/// (<see cref="ChangeToken.OnChange(Func{IChangeToken?}, Action)"/> on the root). The systems run one after
/// another, each on its own directory, so they never compete for the CPU.
/// </summary>
internal sealed class ReloadLatencyScenario : IScenario
{
    private const int Keys = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public string Name => "reload-latency";

    public string Description => "write -> subscriber sees the new value, p50/p99/max";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context)
    {
        var edits = context.IntOption("edits", 200, 200);
        var slowEdits = context.IntOption("edits-default-delay", 60, edits);
        var random = new Random(context.Seed);

        context.Log.WriteLine($"  Strata, Immediate strategy (SettleDelay {new ReloadOptions().SettleDelay.TotalMilliseconds} ms): {edits} edits");
        var strata = await MeasureStrataAsync(edits, new ReloadOptions().SettleDelay, random).ConfigureAwait(false);
        context.Log.WriteLine($"  Strata, Immediate strategy, SettleDelay 0: {edits} edits");
        var strataZero = await MeasureStrataAsync(edits, TimeSpan.Zero, random).ConfigureAwait(false);
        context.Log.WriteLine($"  M.E.C., ReloadDelay 250 ms (default): {slowEdits} edits");
        var mecDefault = await MeasureMecAsync(slowEdits, Mec.DefaultReloadDelayMs, random).ConfigureAwait(false);
        context.Log.WriteLine($"  M.E.C., ReloadDelay 0: {edits} edits");
        var mecZero = await MeasureMecAsync(edits, 0, random).ConfigureAwait(false);

        var rows = new List<ResultRow>();
        var defaultSettle = $"Strata SettleDelay {new ReloadOptions().SettleDelay.TotalMilliseconds} ms (default)";
        foreach (var (s, settle, mec, delay) in new[] { (strata, defaultSettle, mecDefault, Mec.DefaultReloadDelayMs), (strata, defaultSettle, mecZero, 0), (strataZero, "Strata SettleDelay 0", mecZero, 0) })
        {
            var setup = Mec.Describe(delay) + $"; {mec.Samples.Count} edits";
            rows.Add(new ResultRow(Name, $"p50 write → subscriber, {settle}", "ms", Stats.Percentile(s.Samples, 50), Stats.Percentile(mec.Samples, 50), setup, Note: $"Strata: {s.Samples.Count} edits"));
            rows.Add(new ResultRow(Name, $"p99 write → subscriber, {settle}", "ms", Stats.Percentile(s.Samples, 99), Stats.Percentile(mec.Samples, 99), setup, Note: "goal for Strata: ≤ 25 ms"));
            rows.Add(new ResultRow(Name, $"max write → subscriber, {settle}", "ms", s.Samples.Count > 0 ? s.Samples.Max() : null, mec.Samples.Count > 0 ? mec.Samples.Max() : null, setup));
            rows.Add(new ResultRow(Name, $"edits never seen within 5 s, {settle}", "count", s.Timeouts, mec.Timeouts, setup));
            rows.Add(new ResultRow(Name, $"reloads that read the file mid-write, {settle}", "count", s.Errors, mec.Errors, setup,
                Note: "Strata rejects these and keeps the last good version; M.E.C. empties the file's keys until the next reload", Informational: true));
        }

        rows.Add(new ResultRow(Name, "Strata breakdown p50: write → first watcher event delivered", "ms", Stats.Percentile(strata.EventSamples, 50), null, "—", Informational: true));
        rows.Add(new ResultRow(Name, "Strata breakdown p50: pipeline run (read, hash, parse, merge, validate, snapshot)", "ms", Stats.Percentile(strata.PipelineSamples, 50), null, "—", Informational: true));
        rows.Add(new ResultRow(Name, "Strata breakdown p99: pipeline run", "ms", Stats.Percentile(strata.PipelineSamples, 99), null, "—", Informational: true));
        return rows;
    }

    private static byte[] Content(long value) => Encoding.UTF8.GetBytes(ConfigData.Document(Keys, value));

    private static async Task<Measured> MeasureStrataAsync(int edits, TimeSpan settle, Random random)
    {
        var dir = Paths.NewScratch("latency-strata");
        var file = Path.Combine(dir, "base.json");
        File.WriteAllBytes(file, Content(0));
        var result = new Measured();
        try
        {
            await using var reloader = await StrataSetup.StartAsync(dir, new ReloadOptions { Strategy = ReloadStrategy.Immediate, SettleDelay = settle }).ConfigureAwait(false);
            long expected = -1;
            long seenAt = 0;
            long firstEventAt = 0;
            using var seen = new SemaphoreSlim(0);
            using var subscription = reloader.AddNotificationCallback(n =>
            {
                if (n.EventType == ReloadEvent.FileChanged)
                {
                    Interlocked.CompareExchange(ref firstEventAt, Stopwatch.GetTimestamp(), 0);
                }
                else if (n.EventType == ReloadEvent.ConfigReloaded && n.NewSnapshot is { } s
                    && s.TryGet<long>("meta.generation", out var v) && Interlocked.CompareExchange(ref expected, -1, v) == v)
                {
                    Volatile.Write(ref seenAt, Stopwatch.GetTimestamp());
                    seen.Release();
                }
            });

            for (var i = 1; i <= edits; i++)
            {
                var bytes = Content(i);
                Volatile.Write(ref firstEventAt, 0);
                Volatile.Write(ref expected, i);
                var failuresBefore = reloader.GetStatistics().Failures;
                var t0 = Stopwatch.GetTimestamp();
                FileOps.WriteInPlace(file, bytes);
                if (!await seen.WaitAsync(Patience).ConfigureAwait(false))
                {
                    result.Timeouts++;
                    continue;
                }

                result.Samples.Add(Stopwatch.GetElapsedTime(t0, Volatile.Read(ref seenAt)).TotalMilliseconds);
                var firstEvent = Volatile.Read(ref firstEventAt);
                if (firstEvent != 0)
                {
                    result.EventSamples.Add(Stopwatch.GetElapsedTime(t0, firstEvent).TotalMilliseconds);
                }

                var stats = reloader.GetStatistics();
                result.PipelineSamples.Add(stats.LastDuration.TotalMilliseconds);
                result.Errors += stats.Failures - failuresBefore;
                await Task.Delay(20 + random.Next(20)).ConfigureAwait(false);
            }
        }
        finally
        {
            Paths.Delete(dir);
        }

        return result;
    }

    private static async Task<Measured> MeasureMecAsync(int edits, int reloadDelayMs, Random random)
    {
        var dir = Paths.NewScratch("latency-mec");
        var file = Path.Combine(dir, "base.json");
        File.WriteAllBytes(file, Content(0));
        var result = new Measured();
        var counter = new ParseCounter();
        var root = Mec.Build([file], reloadOnChange: true, reloadDelayMs, counter);
        try
        {
            long expected = -1;
            long seenAt = 0;
            using var seen = new SemaphoreSlim(0);
            using var registration = ChangeToken.OnChange(root.GetReloadToken, () =>
            {
                // Count the first reload that shows the value; M.E.C. may reload the same save more than once.
                if (long.TryParse(root["meta:generation"], CultureInfo.InvariantCulture, out var v) && Interlocked.CompareExchange(ref expected, -1, v) == v)
                {
                    Volatile.Write(ref seenAt, Stopwatch.GetTimestamp());
                    seen.Release();
                }
            });

            for (var i = 1; i <= edits; i++)
            {
                var bytes = Content(i);
                Volatile.Write(ref expected, i);
                var t0 = Stopwatch.GetTimestamp();
                FileOps.WriteInPlace(file, bytes);
                if (!await seen.WaitAsync(Patience).ConfigureAwait(false))
                {
                    result.Timeouts++;
                    continue;
                }

                result.Samples.Add(Stopwatch.GetElapsedTime(t0, Volatile.Read(ref seenAt)).TotalMilliseconds);

                // Let a delayed second reload of the same save (M.E.C. reloads once per watcher event) finish first.
                await Task.Delay(20 + random.Next(20) + reloadDelayMs).ConfigureAwait(false);
            }

            result.Errors = counter.Errors;
        }
        finally
        {
            (root as IDisposable)?.Dispose();
            Paths.Delete(dir);
        }

        return result;
    }

    private sealed class Measured
    {
        public List<double> Samples { get; } = [];

        public List<double> EventSamples { get; } = [];

        public List<double> PipelineSamples { get; } = [];

        public long Timeouts { get; set; }

        public long Errors { get; set; }
    }
}
