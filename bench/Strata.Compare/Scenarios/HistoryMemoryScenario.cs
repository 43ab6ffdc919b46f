using System.Text;
using Microsoft.Extensions.Configuration;
using Strata.Compare.Support;
using Strata.Reload;

namespace Strata.Compare.Scenarios;

/// <summary>
/// Memory of 100 retained versions of a 10k-key configuration, one key changed per version, against
/// the memory of one. Strata keeps them itself (<see cref="ReloadOptions.MaxBackups"/> = 100, the
/// reloader's history, which rollback uses). M.E.C. keeps no history; the closest an application can
/// do is copy the flattened key/value pairs on each reload (<c>config.AsEnumerable()</c> into a
/// dictionary), which is what is measured for it. Memory is the managed heap after a full collection.
/// </summary>
internal sealed class HistoryMemoryScenario : IScenario
{
    private const int Keys = 10_000;
    private const int Versions = 100;

    public string Name => "history-memory";

    public string Description => "100 retained versions of a 10k-key config, one key changed per version";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context)
    {
        var (strataOne, strataAll) = await StrataAsync().ConfigureAwait(false);
        var (mecOne, mecAll) = MecCopies();
        const string setup = "copies of config.AsEnumerable() per version";
        return
        [
            new ResultRow(Name, "one version (10k keys)", "MB", strataOne, mecOne, "one IConfigurationRoot, one JSON provider",
                Note: "Strata: snapshot with its flat index"),
            new ResultRow(Name, $"{Versions} retained versions", "MB", strataAll, mecAll, setup,
                Note: "Strata: reloader history (MaxBackups = 100)"),
            new ResultRow(Name, $"{Versions} versions / one version", "×", strataAll / strataOne, mecAll / mecOne, setup),
        ];
    }

    /// <summary>The heap held by what <paramref name="create"/> returns: measured with it, then without it (kept in an array slot, so no local can keep it alive).</summary>
    /// <remarks>Smallest of three trials: something released in the background between two measurements can only inflate one.</remarks>
    private static double Retained(Func<object> create)
    {
        var best = double.MaxValue;
        for (var trial = 0; trial < 3; trial++)
        {
            var holder = new object?[1];
            Fill(holder, create);
            var with = HeapMb();
            holder[0] = null;
            best = Math.Min(best, with - HeapMb());
        }

        return best;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Fill(object?[] holder, Func<object> create) => holder[0] = create();

    /// <summary>
    /// The live heap after full compacting collections: the heap's size minus its free space, as the last full blocking
    /// collection left it. (<see cref="GC.GetTotalMemory(bool)"/> is not used: on .NET 10 it reported negative sizes here.)
    /// </summary>
    private static double HeapMb()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return (info.HeapSizeBytes - info.FragmentedBytes) / (1024.0 * 1024.0);
    }

    /// <summary>Version v: version v - 1 with one more key changed (a different key each time).</summary>
    private static byte[] Version(int v)
    {
        var overrides = new Dictionary<int, long>();
        for (var i = 1; i <= v; i++)
        {
            overrides[((i * 37) % (Keys / 10)) * 10] = 1_000_000 + i;
        }

        return Encoding.UTF8.GetBytes(ConfigData.Document(Keys, 0, overrides: overrides));
    }

    private static async Task<(double One, double All)> StrataAsync()
    {
        var dir = Paths.NewScratch("history-strata");
        var file = Path.Combine(dir, "base.json");
        File.WriteAllBytes(file, Version(0));
        try
        {
            // One version: the heap with a loaded snapshot held minus the heap once it is dropped. All versions: the
            // heap with the reloader and its history held minus the heap just before the reloader was created.
            var manager = StrataSetup.Manager(dir);
            var one = Retained(() => manager.Load());

            var before = HeapMb();
            var reloader = await StrataSetup.StartAsync(dir, new ReloadOptions { Strategy = ReloadStrategy.Manual, MaxBackups = Versions }).ConfigureAwait(false);
            for (var v = 1; v < Versions; v++)
            {
                File.WriteAllBytes(file, Version(v));
                var outcome = await reloader.ReloadNowAsync().ConfigureAwait(false);
                if (outcome.Status != ReloadStatus.Published || outcome.Changes.Count != 1)
                {
                    throw new InvalidOperationException($"expected one changed key, got {outcome.Status} with {outcome.Changes.Count} changes");
                }
            }

            await reloader.FlushNotificationsAsync().ConfigureAwait(false);
            if (reloader.History.Count != Versions)
            {
                throw new InvalidOperationException($"expected {Versions} retained versions, found {reloader.History.Count}");
            }

            var all = HeapMb() - before;
            await reloader.DisposeAsync().ConfigureAwait(false);
            return (one, all);
        }
        finally
        {
            Paths.Delete(dir);
        }
    }

    private static (double One, double All) MecCopies()
    {
        var dir = Paths.NewScratch("history-mec");
        var file = Path.Combine(dir, "base.json");
        File.WriteAllBytes(file, Version(0));
        try
        {
            var one = Retained(() => Mec.Build([file], reloadOnChange: false, 0, new ParseCounter()));
            var all = Retained(() =>
            {
                var root = Mec.Build([file], reloadOnChange: false, 0, new ParseCounter());
                var copies = new List<Dictionary<string, string?>>(Versions);
                for (var v = 1; v < Versions; v++)
                {
                    // Keep the version being replaced; the root holds the newest one.
                    copies.Add(root.AsEnumerable().ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));
                    File.WriteAllBytes(file, Version(v));
                    root.Reload();
                }

                return (root, copies);
            });
            return (one, all);
        }
        finally
        {
            Paths.Delete(dir);
        }
    }
}
