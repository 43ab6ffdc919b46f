using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Strata.Etcd;
using Strata.Etcd.Publishing;
using Strata.Hierarchy;

namespace Strata.Fleet;

/// <summary>
/// Starts etcd (unless one is given), N watcher processes, then publishes releases one at a time and measures,
/// for each, the time from the start of the publish transaction until every watcher has reported the release.
/// </summary>
internal static class Coordinator
{
    public const string MarkerKey = "fleet_release";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        using var etcd = arguments.Endpoints is null ? LocalEtcd.Start() : null;
        var endpoints = arguments.Endpoints ?? etcd!.Endpoint;
        var prefix = arguments.Prefix + "/" + Guid.NewGuid().ToString("N")[..8];
        var sample = FindSamples();
        var work = Directory.CreateTempSubdirectory("strata-fleet-");
        try
        {
            CopyDirectory(sample, work.FullName);
            var baseText = File.ReadAllText(Path.Combine(sample, "base.yaml"));
            using var publisher = new EtcdPublisher(new EtcdOptions { Prefix = prefix }.WithEndpoints(endpoints))
            {
                ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = new Dictionary<string, string>() },
            };

            await PublishAsync(publisher, work.FullName, baseText, 0);
            Console.WriteLine($"etcd {endpoints}, prefix {prefix}; starting {arguments.Watchers} watchers ({arguments.Environment}/{arguments.Agent})");
            var fleet = new FleetProcesses(arguments.Watchers, endpoints, prefix, arguments);
            try
            {
                await fleet.WaitAllAsync(0, TimeSpan.FromMinutes(3));
                var convergence = new List<double>();
                var commit = new List<double>();
                for (var release = 1; release <= arguments.Releases; release++)
                {
                    File.WriteAllText(Path.Combine(work.FullName, "base.yaml"), WithMarker(baseText, release));
                    var plan = await publisher.PrepareAsync(work.FullName, "fleet-bench", $"release {release}");
                    var started = Stopwatch.GetTimestamp();
                    await publisher.CommitAsync(plan);
                    commit.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var last = await fleet.WaitAllAsync(release, Patience);
                    convergence.Add(Stopwatch.GetElapsedTime(started, last).TotalMilliseconds);
                }

                Report(arguments, convergence, commit);
            }
            finally
            {
                fleet.Dispose();
            }

            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task PublishAsync(EtcdPublisher publisher, string directory, string baseText, int release)
    {
        File.WriteAllText(Path.Combine(directory, "base.yaml"), WithMarker(baseText, release));
        await publisher.PublishAsync(directory, "fleet-bench", $"release {release}");
    }

    private static string WithMarker(string baseText, int release) =>
        baseText.TrimEnd() + string.Create(CultureInfo.InvariantCulture, $"\n{MarkerKey}: {release}\n");

    private static void Report(FleetArguments arguments, List<double> convergence, List<double> commit)
    {
        static double Percentile(List<double> values, double p)
        {
            var sorted = values.Order().ToList();
            var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{arguments.Releases} releases, {arguments.Watchers} watcher processes, {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publish -> all converged: p50 {Percentile(convergence, 50):F1} ms, p90 {Percentile(convergence, 90):F1} ms, p99 {Percentile(convergence, 99):F1} ms, max {convergence.Max():F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"commit (one transaction): p50 {Percentile(commit, 50):F1} ms, p99 {Percentile(commit, 99):F1} ms"));
    }

    private static string FindSamples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Strata.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("run from the repository (samples/config is needed)"), "samples", "config");
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    /// <summary>The watcher processes and the last release each has reported.</summary>
    private sealed class FleetProcesses : IDisposable
    {
        private readonly List<Process> _processes = [];
        private readonly long[] _seen;
        private readonly long[] _seenAt;
        private readonly object _gate = new();
        private readonly ConcurrentQueue<string> _errors = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FleetProcesses(int count, string endpoints, string prefix, FleetArguments arguments)
        {
            _seen = Enumerable.Repeat(-1L, count).ToArray();
            _seenAt = new long[count];
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
            for (var i = 0; i < count; i++)
            {
                var info = new ProcessStartInfo(self)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = true,
                    UseShellExecute = false,
                };
                if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                {
                    info.ArgumentList.Add(typeof(Coordinator).Assembly.Location);
                }

                foreach (var arg in new[] { "watcher", "--etcd", endpoints, "--prefix", prefix, "--env", arguments.Environment, "--agent", arguments.Agent })
                {
                    info.ArgumentList.Add(arg);
                }

                var index = i;
                var process = new Process { StartInfo = info };
                process.OutputDataReceived += (_, e) => OnLine(index, e.Data);
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is { Length: > 0 } line)
                    {
                        _errors.Enqueue($"watcher {index}: {line}");
                    }
                };
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                _processes.Add(process);
            }
        }

        /// <summary>Waits until every watcher reports the release; returns the timestamp of the last report.</summary>
        public async Task<long> WaitAllAsync(long release, TimeSpan patience)
        {
            using var timeout = new CancellationTokenSource(patience);
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_seen.All(s => s >= release))
                    {
                        return _seenAt.Max();
                    }

                    changed = _changed.Task;
                }

                try
                {
                    await changed.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"release {release} did not reach every watcher: {string.Join(",", _seen)}; {string.Join(" | ", _errors.Take(5))}");
                }
            }
        }

        public void Dispose()
        {
            foreach (var process in _processes)
            {
                try
                {
                    process.StandardInput.Close();
                    if (!process.WaitForExit(5000))
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

        private void OnLine(int index, string? line)
        {
            if (line is null || !line.StartsWith("release ", StringComparison.Ordinal))
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            var release = long.Parse(line["release ".Length..], CultureInfo.InvariantCulture);
            lock (_gate)
            {
                if (release > _seen[index])
                {
                    _seen[index] = release;
                    _seenAt[index] = now;
                }

                var done = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                done.TrySetResult();
            }
        }
    }
}
