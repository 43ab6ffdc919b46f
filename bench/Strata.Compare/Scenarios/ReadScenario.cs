using System.Diagnostics;
using System.Text.Json;
using Strata.Compare.Support;

namespace Strata.Compare.Scenarios;

/// <summary>
/// Read cost, measured by BenchmarkDotNet in bench/Strata.Benchmarks.Reads (a separate process, as
/// BenchmarkDotNet wants) and summarized here. <c>--quick</c> uses BenchmarkDotNet's short job in
/// process; a full run uses its default job. <c>--read-results DIR</c> summarizes an earlier run instead.
/// </summary>
internal sealed class ReadScenario : IScenario
{
    private static readonly (string Measure, string Mec, string MecSetup, string Strata)[] Pairs =
    [
        ("int, key in base layer: snapshot.Get<int> vs int.Parse(config[key])", "Mec_Indexer_Parse", "IConfiguration indexer + int.Parse", "Strata_Snapshot_Get"),
        ("int, key in base layer: reloader.Current.Get<int> vs int.Parse(config[key])", "Mec_Indexer_Parse", "IConfiguration indexer + int.Parse", "Strata_Current_Get"),
        ("int, key in base layer: snapshot.Get<int> vs config.GetValue<int>", "Mec_GetValue", "ConfigurationBinder.GetValue<int>", "Strata_Snapshot_Get"),
        ("int, key in agent layer: snapshot.Get<int> vs int.Parse(config[key])", "Mec_Indexer_Parse_Top", "IConfiguration indexer + int.Parse", "Strata_Snapshot_Get_Top"),
        ("string: snapshot.Get<string> vs config[key]", "Mec_Indexer", "IConfiguration indexer", "Strata_Snapshot_GetString"),
        ("bound options: section.Get<int> vs IOptionsMonitor<T>.CurrentValue.Port", "Mec_OptionsMonitor_CurrentValue", "IOptionsMonitor<T>.CurrentValue", "Strata_Section_Get"),
        ("bind a new object: snapshot.Bind<T> vs GetSection().Get<T>", "Mec_Section_Get", "ConfigurationBinder Get<T>", "Strata_Snapshot_Bind"),
    ];

    public string Name => "read";

    public string Description => "ns and bytes per read (BenchmarkDotNet): typed, string, bound options";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context)
    {
        string resultsDir;
        if (context.Options.TryGetValue("read-results", out var existing))
        {
            resultsDir = existing;
        }
        else
        {
            resultsDir = Path.Combine(context.RepositoryRoot, "BenchmarkDotNet.Artifacts", "compare-read");
            await RunBenchmarkDotNetAsync(context, resultsDir).ConfigureAwait(false);
        }

        var report = Directory.EnumerateFiles(resultsDir, "*ShapeOfReads-report-full-compressed.json", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new FileNotFoundException("no BenchmarkDotNet JSON report under " + resultsDir);
        var measured = Parse(report);
        var rows = new List<ResultRow>();
        var job = context.Quick ? "BenchmarkDotNet ShortRun, in process; median" : "BenchmarkDotNet default job; median";
        foreach (var (measure, mec, setup, strata) in Pairs)
        {
            if (!measured.TryGetValue(mec, out var m) || !measured.TryGetValue(strata, out var s))
            {
                continue;
            }

            rows.Add(new ResultRow(Name, measure, "ns/op", s.Ns, m.Ns, setup, Note: job));
            rows.Add(new ResultRow(Name, measure, "bytes/op", s.Bytes, m.Bytes, setup));
        }

        return rows;
    }

    private static async Task RunBenchmarkDotNetAsync(ScenarioContext context, string artifacts)
    {
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }

        Directory.CreateDirectory(artifacts);
        var project = Path.Combine(context.RepositoryRoot, "bench", "Strata.Benchmarks.Reads", "Strata.Benchmarks.Reads.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = context.RepositoryRoot,
        };
        foreach (var arg in new[] { "run", "-c", "Release", "--project", project, "--", "--filter", "*ShapeOfReads*", "--exporters", "json", "--artifacts", artifacts })
        {
            start.ArgumentList.Add(arg);
        }

        if (context.Quick)
        {
            foreach (var arg in new[] { "--job", "short", "--inProcess" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        var log = Path.Combine(artifacts, "benchmarkdotnet.log");
        context.Log.WriteLine($"  running BenchmarkDotNet ({(context.Quick ? "short job, in process" : "default job")}); log: {log}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        await using var writer = new StreamWriter(log);
        var stdout = PumpAsync(process.StandardOutput, writer, context.Log);
        var stderr = PumpAsync(process.StandardError, writer, null);
        await process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"BenchmarkDotNet exited with {process.ExitCode}; see {log}");
        }
    }

    private static async Task PumpAsync(StreamReader reader, StreamWriter log, TextWriter? echo)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (log)
            {
                log.WriteLine(line);
            }

            // Echo only the summary table lines, so the console stays readable.
            if (echo is not null && line.StartsWith("| ", StringComparison.Ordinal))
            {
                echo.WriteLine("  " + line);
            }
        }
    }

    private static Dictionary<string, (double Ns, double Bytes)> Parse(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var b in doc.RootElement.GetProperty("Benchmarks").EnumerateArray())
        {
            var method = b.GetProperty("Method").GetString()!;
            var median = b.GetProperty("Statistics").GetProperty("Median").GetDouble();
            var bytes = b.TryGetProperty("Memory", out var memory) ? memory.GetProperty("BytesAllocatedPerOperation").GetDouble() : double.NaN;
            result[method] = (median, bytes);
        }

        return result;
    }
}
