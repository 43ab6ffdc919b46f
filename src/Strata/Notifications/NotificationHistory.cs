using System.Collections.Immutable;

namespace Strata.Notifications;

/// <summary>
/// The last <see cref="Capacity"/> notifications published, oldest first. Writers (serialized by the manager's lock)
/// replace an immutable state with one reference swap; readers take that reference and never lock or wait. Adding is
/// amortized constant time whatever the capacity.
/// </summary>
internal sealed class NotificationHistory(int capacity)
{
    private State _state = State.Empty;

    /// <summary>How many notifications are kept; 0 keeps none.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>How many notifications are kept now.</summary>
    public int Count => Volatile.Read(ref _state).Count;

    /// <summary>Records a notification, forgetting the oldest when full. Callers serialize calls.</summary>
    /// <param name="notification">The notification, secrets already masked.</param>
    public void Add(ReloadNotification notification)
    {
        if (Capacity == 0)
        {
            return;
        }

        var state = Volatile.Read(ref _state);
        var items = state.Items.Enqueue(notification);
        var count = state.Count + 1;
        if (count > Capacity)
        {
            items = items.Dequeue();
            count--;
        }

        Volatile.Write(ref _state, new State(items, count));
    }

    /// <summary>Forgets every notification kept. Callers serialize it with <see cref="Add"/>.</summary>
    public void Clear() => Volatile.Write(ref _state, State.Empty);

    /// <summary>The notifications kept now, oldest first; only those of <paramref name="eventType"/> when given.</summary>
    /// <param name="eventType">The event type to keep; null for all.</param>
    public IReadOnlyList<ReloadNotification> List(ReloadEvent? eventType)
    {
        var state = Volatile.Read(ref _state);
        var list = new List<ReloadNotification>(eventType is null ? state.Count : 0);
        foreach (var notification in state.Items)
        {
            if (eventType is null || notification.EventType == eventType)
            {
                list.Add(notification);
            }
        }

        return list;
    }

    private sealed record State(ImmutableQueue<ReloadNotification> Items, int Count)
    {
        public static readonly State Empty = new(ImmutableQueue<ReloadNotification>.Empty, 0);
    }
}
