namespace Strata.Notifications;

/// <summary>Lock-free delivery counters of one subscriber or one channel.</summary>
internal sealed class DeliveryCounters
{
    private long _delivered;
    private long _failed;
    private long _dropped;
    private long _timedOut;
    private long _filtered;

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long TimedOut => Interlocked.Read(ref _timedOut);

    public long Filtered => Interlocked.Read(ref _filtered);

    public void AddDelivered() => Interlocked.Increment(ref _delivered);

    public void AddFailed() => Interlocked.Increment(ref _failed);

    public long AddDropped() => Interlocked.Increment(ref _dropped);

    public void AddTimedOut() => Interlocked.Increment(ref _timedOut);

    public void AddFiltered() => Interlocked.Increment(ref _filtered);

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _delivered, 0);
        Interlocked.Exchange(ref _failed, 0);
        Interlocked.Exchange(ref _dropped, 0);
        Interlocked.Exchange(ref _timedOut, 0);
        Interlocked.Exchange(ref _filtered, 0);
    }
}
