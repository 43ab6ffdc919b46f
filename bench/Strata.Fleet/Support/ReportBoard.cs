using System.Diagnostics;

namespace Strata.Fleet.Support;

/// <summary>
/// The latest release each member of a fleet reported and when (a <see cref="Stopwatch"/> timestamp); waits until
/// enough members report a release.
/// </summary>
internal sealed class ReportBoard
{
    private readonly Dictionary<string, (long Release, long At)> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Records that <paramref name="who"/> now runs <paramref name="release"/>; the time only moves when the release does.</summary>
    public void Report(string who, long release, long at)
    {
        lock (_gate)
        {
            if (!_seen.TryGetValue(who, out var previous) || previous.Release != release)
            {
                _seen[who] = (release, at);
            }

            Signal();
        }
    }

    public void Remove(string who)
    {
        lock (_gate)
        {
            _seen.Remove(who);
            Signal();
        }
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> members report <paramref name="release"/> or later; returns the
    /// timestamp of the last of those reports. Throws <see cref="TimeoutException"/> with <paramref name="describe"/> after the patience.
    /// </summary>
    public async Task<long> WaitAllAsync(int count, long release, TimeSpan patience, Func<string>? describe = null)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var reached = _seen.Values.Where(s => s.Release >= release).ToList();
                if (reached.Count >= count)
                {
                    return reached.Max(s => s.At);
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"release {release} did not reach {count} members within {patience.TotalSeconds:F0} s: {Describe()}; {describe?.Invoke()}");
            }
        }
    }

    private string Describe()
    {
        lock (_gate)
        {
            return string.Join(",", _seen.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value.Release}"));
        }
    }

    private void Signal()
    {
        var done = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.TrySetResult();
    }
}
