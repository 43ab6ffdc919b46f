namespace Strata.Reload.Strategies;

/// <summary>A restartable one-shot timer on a <see cref="TimeProvider"/>: each <see cref="Restart()"/> pushes the deadline back (<see cref="Restart(TimeSpan)"/> to a deadline of its own).</summary>
internal sealed class DebounceTimer : IDisposable
{
    private readonly ITimer _timer;
    private readonly TimeSpan _delay;

    public DebounceTimer(TimeProvider time, TimeSpan delay, Action callback)
    {
        _delay = delay;
        _timer = time.CreateTimer(_ => callback(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Restart() => _timer.Change(_delay, Timeout.InfiniteTimeSpan);

    public void Restart(TimeSpan delay) => _timer.Change(delay, Timeout.InfiniteTimeSpan);

    public void Cancel() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
