using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Strata.Compare.Support;

namespace Strata.Compare.Scenarios;

/// <summary>
/// The cost of the <c>Load()</c> that M.E.C.'s own file watcher triggers, measured the way <see cref="WatchedReloadCost"/>
/// measures Strata's: one of 50 files saved (written beside and renamed over) per repetition, each provider with
/// <c>reloadOnChange</c> and <c>ReloadDelay = 0</c>, so each system reads as soon as its watcher lets it (Strata, with
/// default settings, when the rename completes the save). A load is timed from the provider asking for its file to the provider's reload token firing (which
/// <c>Load</c> does last); bytes are those its thread allocated meanwhile. Waiting for the event and the delay are not
/// counted, on either side.
/// </summary>
internal static class WatchedMecLoadCost
{
    public static async Task<(List<double> Ms, List<double> Mb)> MeasureAsync(string[] files, int reps, int seed)
    {
        var timers = new List<LoadTimer>();
        var root = Mec.Build(files, reloadOnChange: true, 0, new ParseCounter(), directory =>
        {
            var timer = new LoadTimer(new PhysicalFileProvider(directory));
            timers.Add(timer);
            return timer;
        });
        var providers = root.Providers.ToArray();
        var registrations = providers.Select((p, i) => ChangeToken.OnChange(p.GetReloadToken, timers[i].Loaded)).ToList();
        try
        {
            var ms = new List<double>();
            var mbs = new List<double>();
            var random = new Random(seed);
            var timeout = TimeSpan.FromSeconds(10);
            for (var r = 1; r <= reps + 1; r++)
            {
                var i = random.Next(files.Length);
                var generation = (1000 + r).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var waiting = timers[i].Next();
                FileOps.RenameOver(files[i], Encoding.UTF8.GetBytes(ConfigData.Document(200, 1000 + r, prefix: $"f{i:D2}_")));

                // A save can raise more than one event: wait for the load that read the new content.
                (double Ms, double Mb) load;
                do
                {
                    load = await waiting.WaitAsync(timeout).ConfigureAwait(false);
                    waiting = timers[i].Next();
                }
                while (root[$"f{i:D2}_meta:generation"] != generation);

                if (r > 1)
                {
                    ms.Add(load.Ms);
                    mbs.Add(load.Mb);
                }
            }

            return (ms, mbs);
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
            (root as IDisposable)?.Dispose();
            timers.ForEach(t => t.Dispose());
        }
    }

    /// <summary>
    /// A provider's file system that notes when the provider asks for its file (the first thing a load does), and times
    /// the load when the provider's reload token fires.
    /// </summary>
    private sealed class LoadTimer(PhysicalFileProvider inner) : IFileProvider, IDisposable
    {
        private readonly object _gate = new();
        private TaskCompletionSource<(double Ms, double Mb)> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _started;
        private long _startBytes;

        public Task<(double Ms, double Mb)> Next()
        {
            lock (_gate)
            {
                _next = new TaskCompletionSource<(double Ms, double Mb)>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _next.Task;
            }
        }

        public void Loaded()
        {
            var ms = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
            var mb = (GC.GetAllocatedBytesForCurrentThread() - _startBytes) / (1024.0 * 1024.0);
            lock (_gate)
            {
                _next.TrySetResult((ms, mb));
            }
        }

        public IFileInfo GetFileInfo(string subpath)
        {
            _startBytes = GC.GetAllocatedBytesForCurrentThread();
            _started = Stopwatch.GetTimestamp();
            return inner.GetFileInfo(subpath);
        }

        public IDirectoryContents GetDirectoryContents(string subpath) => inner.GetDirectoryContents(subpath);

        public IChangeToken Watch(string filter) => inner.Watch(filter);

        public void Dispose() => inner.Dispose();
    }
}
