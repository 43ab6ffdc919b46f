using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Strata.Fleet.Support;

namespace Strata.Fleet.Fleet;

/// <summary>
/// N child processes of this program in one role (<c>watcher</c> or <c>floor</c>). Each prints <c>release N</c> on
/// stdout when it sees release N; the line is timestamped here, on arrival, the same way for every role. Closing
/// their stdin stops them.
/// </summary>
internal sealed class ProcessFleet : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly ConcurrentQueue<string> _errors = new();

    private const int StartBatch = 5;
    private readonly Func<int, IEnumerable<string>> _arguments;

    private ProcessFleet(string role, int count, Func<int, IEnumerable<string>> arguments)
    {
        Role = role;
        Count = count;
        _arguments = arguments;
    }

    /// <summary>
    /// Starts the children a few at a time, each batch once the previous one has reported its first release, so
    /// that start-up (JIT, first load) does not starve the machine: a first load that times out kills a child.
    /// </summary>
    /// <param name="role">The verb each child runs.</param>
    /// <param name="count">How many children.</param>
    /// <param name="arguments">The arguments of child i, after the verb.</param>
    /// <param name="firstRelease">The release every child reports once it is up.</param>
    /// <param name="patience">How long one batch may take.</param>
    public static async Task<ProcessFleet> StartAsync(string role, int count, Func<int, IEnumerable<string>> arguments, long firstRelease, TimeSpan patience)
    {
        var fleet = new ProcessFleet(role, count, arguments);
        try
        {
            for (var started = 0; started < count; started += StartBatch)
            {
                var upTo = Math.Min(count, started + StartBatch);
                for (var i = started; i < upTo; i++)
                {
                    fleet.Start(i);
                }

                await fleet.Reports.WaitAllAsync(upTo, firstRelease, patience, () => string.Join(" | ", fleet._errors.Take(5)));
            }

            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    public string Role { get; }

    public int Count { get; }

    /// <summary>The release each child last reported.</summary>
    public ReportBoard Reports { get; } = new();

    /// <summary>Waits until every child reports the release; returns the timestamp of the last report.</summary>
    public Task<long> WaitAllAsync(long release, TimeSpan patience) =>
        Reports.WaitAllAsync(Count, release, patience, () => string.Join(" | ", _errors.Take(5)));

    /// <summary>The processor time all children have used so far (user and kernel).</summary>
    public TimeSpan ProcessorTime()
    {
        var total = TimeSpan.Zero;
        foreach (var process in _processes)
        {
            process.Refresh();
            total += process.TotalProcessorTime;
        }

        return total;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (InvalidOperationException)
            {
            }
        }

        foreach (var process in _processes)
        {
            try
            {
                if (!process.WaitForExit(10_000))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }
    }

    private void Start(int i)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ProcessFleet).Assembly.Location);
        }

        info.ArgumentList.Add(Role);
        foreach (var arg in _arguments(i))
        {
            info.ArgumentList.Add(arg);
        }

        var name = $"{Role}{i}";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => OnLine(name, e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                _errors.Enqueue($"{name}: {line}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private void OnLine(string name, string? line)
    {
        if (line is null || !line.StartsWith("release ", StringComparison.Ordinal))
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Reports.Report(name, long.Parse(line["release ".Length..], CultureInfo.InvariantCulture), now);
    }
}
