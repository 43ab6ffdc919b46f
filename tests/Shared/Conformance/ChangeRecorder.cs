using System.Diagnostics;

namespace Strata.Testing.Conformance;

/// <summary>
/// Records what a change source reports, and waits (up to a generous limit) until the reports satisfy a condition,
/// moving a fake clock forward while it waits when the source runs on one.
/// </summary>
internal sealed class ChangeRecorder
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly Lock _gate = new();
    private readonly List<string[]> _reports = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every report so far, oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    /// <summary>Every path reported so far.</summary>
    public IReadOnlySet<string> Paths => Reports.SelectMany(r => r).ToHashSet(StringComparer.Ordinal);

    /// <summary>The callback to give the source; cheap and never blocking.</summary>
    /// <param name="paths">The reported paths.</param>
    public void Record(IReadOnlyList<string> paths)
    {
        TaskCompletionSource next;
        lock (_gate)
        {
            _reports.Add([.. paths]);
            next = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        next.TrySetResult();
    }

    /// <summary>Waits until a path has been reported.</summary>
    /// <param name="path">The relative path.</param>
    /// <param name="pump">Moves the source's clock; called while waiting.</param>
    public Task WaitForPathAsync(string path, Action pump) =>
        WaitUntilAsync(() => Paths.Contains(path), pump, "a report of " + path);

    /// <summary>Waits until <paramref name="done"/> holds, failing with what was reported after the limit.</summary>
    /// <param name="done">The condition on the reports.</param>
    /// <param name="pump">Moves the source's clock; called while waiting.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    public async Task WaitUntilAsync(Func<bool> done, Action pump, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task next;
            lock (_gate)
            {
                next = _next.Task;
            }

            if (done())
            {
                return;
            }

            if (clock.Elapsed > Limit)
            {
                Assert.Fail($"no {what} within {Limit.TotalSeconds} s; reports: [{string.Join("], [", Reports.Select(r => string.Join(", ", r)))}]");
            }

            pump();
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(100)));
        }
    }
}
