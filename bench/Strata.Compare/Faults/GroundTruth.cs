using System.Collections.Concurrent;
using System.Diagnostics;

namespace Strata.Compare.Faults;

/// <summary>
/// What the script has written: every value of every valid version (registered before its first byte
/// reaches the disk, so no correct read is ever flagged), the last valid version, and when each valid
/// version was written and superseded.
/// </summary>
internal sealed class GroundTruth
{
    private readonly ConcurrentDictionary<string, byte>[] _valid = [.. FaultContent.Keys.Select(_ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))];
    private readonly List<ValidVersion> _versions = [];
    private readonly Lock _gate = new();
    private string[] _expected = [];

    public string[] Expected => Volatile.Read(ref _expected);

    public IReadOnlyList<ValidVersion> Versions
    {
        get
        {
            lock (_gate)
            {
                return [.. _versions];
            }
        }
    }

    public bool IsValid(int keyIndex, string value) => _valid[keyIndex].ContainsKey(value);

    /// <summary>Call before writing any byte of a valid version.</summary>
    public void Register(long generation)
    {
        var values = FaultContent.Values(generation);
        for (var i = 0; i < values.Length; i++)
        {
            _valid[i].TryAdd(values[i], 0);
        }
    }

    /// <summary>Call when a valid version is complete on disk: it is now the last valid content.</summary>
    public void Completed(long generation)
    {
        lock (_gate)
        {
            _versions.Add(new ValidVersion(generation, Stopwatch.GetTimestamp()));
        }

        Volatile.Write(ref _expected, FaultContent.Values(generation));
    }

    /// <summary>Call when the disk content is about to change away from the last valid version.</summary>
    public void Superseding()
    {
        lock (_gate)
        {
            if (_versions.Count > 0 && _versions[^1].SupersededAt == 0)
            {
                _versions[^1].SupersededAt = Stopwatch.GetTimestamp();
            }
        }
    }
}

/// <summary>A valid version and its time on disk.</summary>
internal sealed class ValidVersion(long generation, long writtenAt)
{
    public long Generation { get; } = generation;

    public long WrittenAt { get; } = writtenAt;

    public long SupersededAt { get; set; }

    public TimeSpan Lifetime(long end) => Stopwatch.GetElapsedTime(WrittenAt, SupersededAt == 0 ? end : SupersededAt);
}
