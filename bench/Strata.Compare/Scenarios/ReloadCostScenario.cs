using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Strata.Compare.Support;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Compare.Scenarios;

/// <summary>
/// What one reload costs once a change is known: time and bytes allocated, median over repetitions.
/// Strata: <see cref="ConfigurationHotReloader.ReloadNowAsync"/> with the manual strategy (read, hash,
/// parse what changed, merge, validate, build the snapshot and its index, diff, publish, notify).
/// M.E.C.: the <c>Load()</c> its file watcher calls — <see cref="IConfigurationRoot.Reload"/> for a full
/// reload, the changed file's provider for an incremental one — with the watcher itself off so it does
/// not race the measurement. Then, with both watchers on, one of 50 files is edited and each system's
/// parse counter shows which files were parsed again.
/// </summary>
internal sealed class ReloadCostScenario : IScenario
{
    public string Name => "reload-cost";

    public string Description => "full reload of 1k/10k/100k keys; incremental reload, 1 of 50 files changed";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context)
    {
        var rows = new List<ResultRow>();
        foreach (var (keys, quickReps, fullReps) in new[] { (1_000, 21, 51), (10_000, 15, 31), (100_000, 5, 11) })
        {
            var reps = context.Quick ? quickReps : fullReps;
            context.Log.WriteLine($"  full reload, {keys:N0} keys, {reps} repetitions");
            var (s, m) = await FullAsync(keys, reps, everyValue: false).ConfigureAwait(false);
            var label = $"full reload, {keys / 1000}k keys, one JSON file";
            rows.Add(new ResultRow(Name, label, "ms", Stats.Median(s.Ms), Stats.Median(m.Ms), "IConfigurationRoot.Reload()", Note: $"median of {reps}; one value changed"));
            rows.Add(new ResultRow(Name, label, "MB allocated", Stats.Median(s.Mb), Stats.Median(m.Mb), "IConfigurationRoot.Reload()"));
        }

        var everyReps = context.Quick ? 15 : 31;
        context.Log.WriteLine($"  full reload, 10,000 keys, every value changed, {everyReps} repetitions");
        var (se, me) = await FullAsync(10_000, everyReps, everyValue: true).ConfigureAwait(false);
        const string every = "full reload, 10k keys, every value changed";
        rows.Add(new ResultRow(Name, every, "ms", Stats.Median(se.Ms), Stats.Median(me.Ms), "IConfigurationRoot.Reload()", Note: $"median of {everyReps}; nothing to share with the previous version"));
        rows.Add(new ResultRow(Name, every, "MB allocated", Stats.Median(se.Mb), Stats.Median(me.Mb), "IConfigurationRoot.Reload()"));

        var incReps = context.Quick ? 15 : 40;
        context.Log.WriteLine($"  incremental reload, 50 files × 200 keys, {incReps} repetitions");
        var si = await StrataIncrementalAsync(incReps, context.Seed).ConfigureAwait(false);
        var mi = MecIncremental(incReps, context.Seed);
        var watchedDir = Paths.NewScratch("inc-watched");
        var mecWatchedDir = Paths.NewScratch("inc-mec-watched");
        (List<double> Ms, List<double> Mb) sw, mw;
        try
        {
            sw = await WatchedReloadCost.MeasureAsync(WriteFragments(watchedDir), watchedDir, incReps, context.Seed).ConfigureAwait(false);
            mw = await WatchedMecLoadCost.MeasureAsync(WriteFragments(mecWatchedDir), incReps, context.Seed).ConfigureAwait(false);
        }
        finally
        {
            Paths.Delete(watchedDir);
            Paths.Delete(mecWatchedDir);
        }

        // Goal row: each system's reload as its own watcher triggers it, as soon as that watcher lets it. The row after
        // it keeps M.E.C.'s Load() called back to back, which runs on a processor kept busy between calls.
        const string inc = "incremental reload, 1 of 50 files changed (10k keys)";
        const string load = "the changed file's provider Load()";
        const string watchedLoad = "the changed file's provider Load(), from its watcher";
        rows.Add(new ResultRow(Name, inc, "ms", Stats.Median(sw.Ms), Stats.Median(mw.Ms), watchedLoad,
            Note: $"median of {incReps}; each triggered by its own watcher as soon as it lets it (Strata: the save's rename, timed by the strata.reload activity; M.E.C.: ReloadDelay = 0)"));
        rows.Add(new ResultRow(Name, inc, "MB allocated", Stats.Median(sw.Mb), Stats.Median(mw.Mb), watchedLoad, Note: "bytes the reloading thread allocated"));
        rows.Add(new ResultRow(Name, "incremental reload against M.E.C.'s Load() called back to back", "ms", Stats.Median(sw.Ms), Stats.Median(mi.Ms), load,
            Note: $"median of {incReps}; M.E.C.'s Load() called in a loop with no quiet time before it"));
        const string all = "reload on request (ReloadNowAsync), 1 of 50 files changed: reads every file";
        rows.Add(new ResultRow(Name, all, "ms", Stats.Median(si.Ms), Stats.Median(mi.Ms), load, Note: $"median of {incReps}; no event says which file changed, so all 50 are read and hashed"));
        rows.Add(new ResultRow(Name, all, "MB allocated", Stats.Median(si.Mb), Stats.Median(mi.Mb), load));
        rows.Add(new ResultRow(Name, inc + ": files parsed per reload", "files", si.ParsedPerReload, mi.ParsedPerReload, "the changed file's provider Load()"));
        rows.Add(new ResultRow(Name, "read of a key from the first of the 50 files (Stopwatch loop, best of 5)", "ns/read", si.ReadNs, mi.ReadNs, "IConfiguration indexer over 50 providers",
            Note: "where M.E.C. pays for its cheap incremental reload"));
        rows.Add(new ResultRow(Name, "reload with nothing changed, 50 files: files parsed", "files", si.ParsedWhenUnchanged, mi.ParsedWhenUnchanged, "IConfigurationRoot.Reload()",
            Note: "Strata hashes bytes and skips unchanged files"));

        context.Log.WriteLine("  watchers on: edit 1 of 50 files, count parses in each system");
        var (strataParsed, mecParsed, strataStartup, mecStartup) = await WatchedCountsAsync().ConfigureAwait(false);
        rows.Add(new ResultRow(Name, "watchers on, 1 of 50 files edited: files parsed again", "files", strataParsed, mecParsed, Mec.Describe(0),
            Note: $"start-up parsed {strataStartup} (Strata) and {mecStartup} (M.E.C.) files; -1 = the edit was not seen within 10 s"));
        return rows;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Both systems, repetitions interleaved (and their order alternated), so a busy machine weighs on both alike.</summary>
    private static async Task<(Costs Strata, Costs Mec)> FullAsync(int keys, int reps, bool everyValue)
    {
        var strataDir = Paths.NewScratch("cost-strata");
        var mecDir = Paths.NewScratch("cost-mec");
        var strataFile = Path.Combine(strataDir, "base.json");
        var mecFile = Path.Combine(mecDir, "base.json");
        File.WriteAllBytes(strataFile, Bytes(ConfigData.Document(keys, 0)));
        File.WriteAllBytes(mecFile, Bytes(ConfigData.Document(keys, 0)));
        var strata = new Costs();
        var mec = new Costs();
        var root = Mec.Build([mecFile], reloadOnChange: false, 0, new ParseCounter());
        try
        {
            await using var reloader = await StrataSetup.StartAsync(strataDir, new ReloadOptions { Strategy = ReloadStrategy.Manual, MaxBackups = 1 }).ConfigureAwait(false);
            for (var r = 1; r <= reps + 1; r++)
            {
                var content = Bytes(ConfigData.Document(keys, r, salt: everyValue ? r : 0));
                for (var turn = 0; turn < 2; turn++)
                {
                    if ((turn + r) % 2 == 0)
                    {
                        File.WriteAllBytes(strataFile, content);
                        var (ms, mb, outcome) = await TimeAsync(() => reloader.ReloadNowAsync()).ConfigureAwait(false);
                        if (outcome.Status != ReloadStatus.Published)
                        {
                            throw new InvalidOperationException($"Strata reload did not publish: {outcome.Status} {string.Join("; ", outcome.Errors)}");
                        }

                        if (r > 1)
                        {
                            strata.Add(ms, mb);
                        }
                    }
                    else
                    {
                        File.WriteAllBytes(mecFile, content);
                        var (ms, mb, _) = Time(() => { root.Reload(); return 0; });
                        if (root["meta:generation"] != r.ToString(CultureInfo.InvariantCulture))
                        {
                            throw new InvalidOperationException("M.E.C. did not reload");
                        }

                        if (r > 1)
                        {
                            mec.Add(ms, mb);
                        }
                    }
                }
            }
        }
        finally
        {
            (root as IDisposable)?.Dispose();
            Paths.Delete(strataDir);
            Paths.Delete(mecDir);
        }

        return (strata, mec);
    }

    private static string[] WriteFragments(string dir)
    {
        // Strata: base.json + base.d/part01..part49.json (one layer split into fragments, merged in name order).
        // M.E.C.: the same 50 files, added in the same order.
        var files = new List<string> { Path.Combine(dir, "base.json") };
        Directory.CreateDirectory(Path.Combine(dir, "base.d"));
        for (var i = 1; i < 50; i++)
        {
            files.Add(Path.Combine(dir, "base.d", $"part{i:D2}.json"));
        }

        for (var i = 0; i < files.Count; i++)
        {
            File.WriteAllBytes(files[i], Bytes(ConfigData.Document(200, 0, prefix: $"f{i:D2}_")));
        }

        return [.. files];
    }

    private static async Task<Costs> StrataIncrementalAsync(int reps, int seed)
    {
        var dir = Paths.NewScratch("inc-strata");
        var files = WriteFragments(dir);
        var random = new Random(seed);
        var costs = new Costs();
        try
        {
            await using var reloader = await StrataSetup.StartAsync(dir, new ReloadOptions { Strategy = ReloadStrategy.Manual, MaxBackups = 1 }).ConfigureAwait(false);
            long parsed = 0;
            for (var r = 1; r <= reps + 1; r++)
            {
                var i = random.Next(files.Length);
                File.WriteAllBytes(files[i], Bytes(ConfigData.Document(200, r, prefix: $"f{i:D2}_")));
                var before = reloader.GetStatistics().FilesParsed;
                var (ms, mb, outcome) = await TimeAsync(() => reloader.ReloadNowAsync()).ConfigureAwait(false);
                if (outcome.Status != ReloadStatus.Published)
                {
                    throw new InvalidOperationException($"Strata reload did not publish: {outcome.Status}");
                }

                if (r > 1)
                {
                    costs.Add(ms, mb);
                    parsed += reloader.GetStatistics().FilesParsed - before;
                }
            }

            costs.ParsedPerReload = (double)parsed / reps;
            costs.ReadNs = NsPerRead(() => reloader.Current.Get<string>("f00_00000.k1"));
            var unchangedBefore = reloader.GetStatistics().FilesParsed;
            await reloader.ReloadNowAsync().ConfigureAwait(false);
            costs.ParsedWhenUnchanged = reloader.GetStatistics().FilesParsed - unchangedBefore;
        }
        finally
        {
            Paths.Delete(dir);
        }

        return costs;
    }

    private static Costs MecIncremental(int reps, int seed)
    {
        var dir = Paths.NewScratch("inc-mec");
        var files = WriteFragments(dir);
        var random = new Random(seed);
        var costs = new Costs();
        var counter = new ParseCounter();
        var root = Mec.Build(files, reloadOnChange: false, 0, counter);
        var providers = root.Providers.ToArray();
        try
        {
            long parsed = 0;
            for (var r = 1; r <= reps + 1; r++)
            {
                var i = random.Next(files.Length);
                File.WriteAllBytes(files[i], Bytes(ConfigData.Document(200, r, prefix: $"f{i:D2}_")));
                var before = counter.Parses;
                var (ms, mb, _) = Time(() => { providers[i].Load(); return 0; });
                if (r > 1)
                {
                    costs.Add(ms, mb);
                    parsed += counter.Parses - before;
                }
            }

            costs.ParsedPerReload = (double)parsed / reps;
            costs.ReadNs = NsPerRead(() => root["f00_00000:k1"]);
            var unchangedBefore = counter.Parses;
            root.Reload();
            costs.ParsedWhenUnchanged = counter.Parses - unchangedBefore;
        }
        finally
        {
            (root as IDisposable)?.Dispose();
            Paths.Delete(dir);
        }

        return costs;
    }

    private static async Task<(long StrataParsed, long MecParsed, long StrataStartup, long MecStartup)> WatchedCountsAsync()
    {
        var dir = Paths.NewScratch("inc-watch");
        var files = WriteFragments(dir);
        var counter = new ParseCounter();
        var root = Mec.Build(files, reloadOnChange: true, 0, counter);
        try
        {
            await using var reloader = await StrataSetup.StartAsync(dir, new ReloadOptions { Strategy = ReloadStrategy.Immediate }).ConfigureAwait(false);
            var strataStartup = reloader.GetStatistics().FilesParsed;
            var mecStartup = counter.Parses;
            using var strataSeen = new SemaphoreSlim(0);
            using var mecSeen = new SemaphoreSlim(0);
            using var sub = reloader.AddNotificationCallback(n =>
            {
                if (n.EventType == ReloadEvent.ConfigReloaded && n.NewSnapshot!.TryGet<long>("f17_00000.k0", out var v) && v == 4242)
                {
                    strataSeen.Release();
                }
            });
            using var reg = ChangeToken.OnChange(root.GetReloadToken, () =>
            {
                if (root["f17_00000:k0"] == "4242")
                {
                    mecSeen.Release();
                }
            });
            FileOps.RenameOver(files[17], Bytes(ConfigData.Document(200, 0, prefix: "f17_", overrides: new Dictionary<int, long> { [0] = 4242 })));
            var timeout = TimeSpan.FromSeconds(10);
            var strataSaw = await strataSeen.WaitAsync(timeout).ConfigureAwait(false);
            var mecSaw = await mecSeen.WaitAsync(timeout).ConfigureAwait(false);
            await Task.Delay(300).ConfigureAwait(false);
            return (strataSaw ? reloader.GetStatistics().FilesParsed - strataStartup : -1, mecSaw ? counter.Parses - mecStartup : -1, strataStartup, mecStartup);
        }
        finally
        {
            (root as IDisposable)?.Dispose();
            Paths.Delete(dir);
        }
    }

    /// <summary>A plain Stopwatch loop (not BenchmarkDotNet): best of five runs of 200,000 reads.</summary>
    private static double NsPerRead(Func<string?> read)
    {
        const int n = 200_000;
        var best = double.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
            {
                if (read() is null)
                {
                    throw new InvalidOperationException("the key is missing");
                }
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / n);
        }

        return best;
    }

    private static async Task<(double Ms, double Mb, T Result)> TimeAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var result = await action().ConfigureAwait(false);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var mb = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (1024.0 * 1024.0);
        return (ms, mb, result);
    }

    private static (double Ms, double Mb, T Result) Time<T>(Func<T> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var result = action();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var mb = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (1024.0 * 1024.0);
        return (ms, mb, result);
    }

    private sealed class Costs
    {
        public List<double> Ms { get; } = [];

        public List<double> Mb { get; } = [];

        public double ParsedPerReload { get; set; }

        public double ParsedWhenUnchanged { get; set; }

        public double ReadNs { get; set; }

        public void Add(double ms, double mb)
        {
            Ms.Add(ms);
            Mb.Add(mb);
        }
    }
}
