using System.Diagnostics;
using System.Text;
using Strata.Compare.Support;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Compare.Scenarios;

/// <summary>
/// The cost of a reload that file events triggered, the way an application meets it: the immediate strategy with
/// its watcher on, one of 50 files saved (written beside and renamed over, as editors do) per repetition. Each reload
/// is timed by the reloader's own <c>strata.reload</c> activity, from taking the pending changes to publishing the
/// snapshot and queueing its notifications; bytes are those its thread allocated meanwhile. Waiting for the event
/// and the settle delay are not counted, as M.E.C.'s watcher delay is not counted on its side.
/// </summary>
internal static class WatchedReloadCost
{
    public static async Task<(List<double> Ms, List<double> Mb)> MeasureAsync(string[] files, string dir, int reps, int seed)
    {
        var reloads = new List<(long FromVersion, double Ms, double Mb)>();
        using var stopped = new SemaphoreSlim(0);
        await using var reloader = await StrataSetup.StartAsync(dir, new ReloadOptions { Strategy = ReloadStrategy.Immediate, MaxBackups = 1 }).ConfigureAwait(false);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Strata",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => activity.SetCustomProperty("bytes", (Environment.CurrentManagedThreadId, GC.GetAllocatedBytesForCurrentThread())),
            ActivityStopped = activity =>
            {
                // Only reloads that published count: a reload the trailing event of a save finds nothing to do in is skipped.
                if (activity.OperationName != "strata.reload" || activity.GetCustomProperty("bytes") is not ValueTuple<int, long> start
                    || activity.GetTagItem("strata.version") is not long from || reloader.Current.Version != from + 1)
                {
                    return;
                }

                // An activity that ended on another thread than it started has no thread-local byte count to report.
                var mb = start.Item1 == Environment.CurrentManagedThreadId ? (GC.GetAllocatedBytesForCurrentThread() - start.Item2) / (1024.0 * 1024.0) : double.NaN;
                lock (reloads)
                {
                    reloads.Add((from, activity.Duration.TotalMilliseconds, mb));
                }

                stopped.Release();
            },
        };
        ActivitySource.AddActivityListener(listener);

        var ms = new List<double>();
        var mbs = new List<double>();
        var random = new Random(seed);
        var timeout = TimeSpan.FromSeconds(10);
        for (var r = 1; r <= reps + 1; r++)
        {
            var from = reloader.Current.Version;
            var published = reloader.WaitForVersionAsync(from + 1);
            var i = random.Next(files.Length);
            FileOps.RenameOver(files[i], Encoding.UTF8.GetBytes(ConfigData.Document(200, 1000 + r, prefix: $"f{i:D2}_")));
            await published.WaitAsync(timeout).ConfigureAwait(false);
            (long FromVersion, double Ms, double Mb) found;
            while (!TryFind(reloads, from, out found))
            {
                if (!await stopped.WaitAsync(timeout).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"no strata.reload activity ended for version {from + 1}");
                }
            }

            if (r > 1)
            {
                ms.Add(found.Ms);
                if (!double.IsNaN(found.Mb))
                {
                    mbs.Add(found.Mb);
                }
            }
        }

        return (ms, mbs);
    }

    private static bool TryFind(List<(long FromVersion, double Ms, double Mb)> reloads, long from, out (long FromVersion, double Ms, double Mb) found)
    {
        lock (reloads)
        {
            var at = reloads.FindLastIndex(x => x.FromVersion == from);
            found = at >= 0 ? reloads[at] : default;
            return at >= 0;
        }
    }
}
