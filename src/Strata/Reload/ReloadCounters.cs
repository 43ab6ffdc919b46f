namespace Strata.Reload;

/// <summary>The reloader's counters, updated lock-free from the worker and read from anywhere; each also feeds <see cref="StrataTelemetry"/>.</summary>
internal sealed class ReloadCounters
{
    private long _reloads;
    private long _failures;
    private long _rollbacks;
    private long _identical;
    private long _signals;
    private long _lastDurationTicks;
    private long _lastReloadAtTicks;
    private string? _lastError;

    public long Reloads => Interlocked.Read(ref _reloads);

    public long Failures => Interlocked.Read(ref _failures);

    public long Rollbacks => Interlocked.Read(ref _rollbacks);

    public long IdenticalSkipped => Interlocked.Read(ref _identical);

    public long ChangeSignals => Interlocked.Read(ref _signals);

    public TimeSpan LastDuration => TimeSpan.FromTicks(Interlocked.Read(ref _lastDurationTicks));

    public DateTimeOffset? LastReloadAt => Interlocked.Read(ref _lastReloadAtTicks) is var at and > 0 ? new DateTimeOffset(at, TimeSpan.Zero) : null;

    /// <summary>The first error of the last failure, as one line.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    public void Signal() => Interlocked.Increment(ref _signals);

    /// <summary>Records one pipeline run's duration and when it finished.</summary>
    public void Ran(TimeSpan duration, DateTimeOffset finished)
    {
        Interlocked.Exchange(ref _lastDurationTicks, duration.Ticks);
        Interlocked.Exchange(ref _lastReloadAtTicks, finished.UtcTicks);
        StrataTelemetry.Duration.Record(duration.TotalMilliseconds);
    }

    public void Reloaded()
    {
        Interlocked.Increment(ref _reloads);
        StrataTelemetry.Reloads.Add(1);
    }

    public void Failed(string error)
    {
        Interlocked.Increment(ref _failures);
        StrataTelemetry.Failures.Add(1);
        Volatile.Write(ref _lastError, error);
    }

    public void RolledBack()
    {
        Interlocked.Increment(ref _rollbacks);
        StrataTelemetry.Rollbacks.Add(1);
    }

    public void Identical()
    {
        Interlocked.Increment(ref _identical);
        StrataTelemetry.Skipped.Add(1);
    }

    /// <summary>Sets every counter back to zero and forgets the last duration, time and error (telemetry keeps its totals).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _reloads, 0);
        Interlocked.Exchange(ref _failures, 0);
        Interlocked.Exchange(ref _rollbacks, 0);
        Interlocked.Exchange(ref _identical, 0);
        Interlocked.Exchange(ref _signals, 0);
        Interlocked.Exchange(ref _lastDurationTicks, 0);
        Interlocked.Exchange(ref _lastReloadAtTicks, 0);
        Volatile.Write(ref _lastError, null);
    }
}
