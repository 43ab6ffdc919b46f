using Strata.Snapshots;

namespace Strata.Reload.History;

/// <summary>
/// The last N published snapshots, newest last. Snapshots share unchanged subtrees, so keeping many
/// versions costs roughly what changed between them; a retained (non-current) snapshot drops its flat
/// index and rebuilds it only if read again.
/// </summary>
internal sealed class ConfigHistory
{
    private readonly Lock _gate = new();
    private readonly LinkedList<ConfigSnapshot> _items = new();

    /// <summary>Creates a history.</summary>
    /// <param name="capacity">How many versions to keep (at least 1).</param>
    public ConfigHistory(int capacity)
    {
        Capacity = Math.Max(1, capacity);
    }

    /// <summary>How many versions are kept.</summary>
    public int Capacity { get; }

    /// <summary>The retained snapshots, oldest first.</summary>
    public IReadOnlyList<ConfigSnapshot> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }

    /// <summary>Adds a newly published snapshot, dropping the oldest beyond the capacity.</summary>
    /// <param name="snapshot">The snapshot.</param>
    public void Add(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            _items.Last?.Value.ReleaseIndex();
            _items.AddLast(snapshot);
            while (_items.Count > Capacity)
            {
                _items.RemoveFirst();
            }
        }
    }

    /// <summary>Finds a retained version.</summary>
    /// <param name="version">The version.</param>
    public ConfigSnapshot? Find(long version)
    {
        lock (_gate)
        {
            return _items.FirstOrDefault(s => s.Version == version);
        }
    }

    /// <summary>The retained versions older than <paramref name="version"/>, newest first.</summary>
    /// <param name="version">The version to go back from.</param>
    public IReadOnlyList<ConfigSnapshot> Before(long version)
    {
        lock (_gate)
        {
            return [.. _items.Where(s => s.Version < version).Reverse()];
        }
    }
}
