using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Strata.Compare.Scenarios;
using Strata.Compare.Support;

namespace Strata.Compare;

/// <summary>
/// Head-to-head harness: Strata against Microsoft.Extensions.Configuration (JSON files,
/// <c>reloadOnChange: true</c>), same process, same data.
/// <code>
/// dotnet run -c Release --project bench/Strata.Compare -- all [--quick] [--json FILE] [--seed N]
/// dotnet run -c Release --project bench/Strata.Compare -- faults --quick --steps 800
/// </code>
/// </summary>
public static class Program
{
    private static readonly IScenario[] Scenarios =
    [
        new ReadScenario(),

        // Memory next, while the process holds nothing else (heap deltas are sensitive to leftovers being released).
        new HistoryMemoryScenario(),
        new ReloadLatencyScenario(),
        new ReloadCostScenario(),
        new FaultsScenario(),
    ];

    public static async Task<int> Main(string[] args)
    {
        var selected = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        string? json = null;
        var seed = 20261127;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--quick":
                    quick = true;
                    break;
                case "--json" when i + 1 < args.Length:
                    json = args[++i];
                    break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    i++;
                    break;
                case "-h" or "--help":
                    PrintUsage(Console.Out);
                    return 0;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
                    {
                        options[arg[2..]] = args[++i];
                    }
                    else if (arg == "all" || Scenarios.Any(x => x.Name == arg))
                    {
                        selected.Add(arg);
                    }
                    else
                    {
                        Console.Error.WriteLine($"unknown argument '{arg}'");
                        PrintUsage(Console.Error);
                        return 2;
                    }

                    break;
            }
        }

        if (selected.Count == 0)
        {
            PrintUsage(Console.Error);
            return 2;
        }

        var toRun = selected.Contains("all") ? Scenarios : Scenarios.Where(x => selected.Contains(x.Name)).ToArray();
        var info = new RunInfo("strata-compare " + string.Join(' ', args), quick, seed, Machine(), DateTimeOffset.UtcNow);
        var context = new ScenarioContext(quick, seed, Paths.RepositoryRoot(), Console.Out, options);
        Console.WriteLine($"# Strata vs Microsoft.Extensions.Configuration ({(quick ? "quick" : "full")} run, seed {seed})");
        Console.WriteLine(info.Machine);
        Console.WriteLine();

        var rows = new List<ResultRow>();
        var failed = false;
        foreach (var scenario in toRun)
        {
            Console.WriteLine($"## {scenario.Name}: {scenario.Description}");
            Console.WriteLine($"  load average before: {LoadAverage()}");
            var watch = Stopwatch.StartNew();
            try
            {
                var result = await scenario.RunAsync(context).ConfigureAwait(false);
                rows.AddRange(result);
                Console.WriteLine($"  done in {watch.Elapsed.TotalSeconds:0.0} s; load average after: {LoadAverage()}");
                Console.WriteLine();
                Console.WriteLine(Report.ToMarkdown(result));
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
            {
                failed = true;
                Console.Error.WriteLine($"  {scenario.Name} failed: {ex.Message}");
            }
        }

        Console.WriteLine("## all rows");
        Console.WriteLine(Report.ToMarkdown(rows));
        var behind = rows.Where(r => r.StrataBehind).ToList();
        Console.WriteLine(behind.Count == 0 ? "Strata is not behind on any row." : $"Strata is behind on {behind.Count} row(s), marked ⚠ (see docs/benchmarks.md for why).");
        if (json is not null)
        {
            Report.WriteJson(json, info, rows);
            Console.WriteLine($"results written to {json}");
        }

        return failed ? 1 : 0;
    }

    private static void PrintUsage(TextWriter w)
    {
        w.WriteLine("usage: dotnet run -c Release --project bench/Strata.Compare -- <all|scenario...> [--quick] [--json FILE] [--seed N]");
        w.WriteLine("scenarios:");
        foreach (var s in Scenarios)
        {
            w.WriteLine($"  {s.Name,-15} {s.Description}");
        }

        w.WriteLine("options: --steps N (faults), --edits N (reload-latency), --read-results DIR (summarize an earlier BenchmarkDotNet run)");
    }

    /// <summary>The 1, 5 and 15 minute load averages: on a shared machine, they say how much to trust a timing.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Machine()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        return $"{cpu}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }
}
