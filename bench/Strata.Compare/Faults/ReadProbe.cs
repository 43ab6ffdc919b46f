using System.Collections.Concurrent;
using System.Diagnostics;

namespace Strata.Compare.Faults;

/// <summary>
/// Reads one system the whole time the script runs: four reader threads, each reading all 43 keys per
/// round (from one snapshot on the Strata side, from the live <c>IConfiguration</c> on the M.E.C. side),
/// and one sampler thread that every millisecond compares the system with the last valid content and
/// adds up the time they differ.
/// </summary>
internal sealed class ReadProbe(string name, Func<string?[], bool> readRound, GroundTruth truth, int readers = 4)
{
    private readonly ConcurrentDictionary<long, byte> _observed = new();
    private readonly List<Thread> _threads = [];
    private volatile bool _stop;
    private long _reads;
    private long _rounds;
    private long _invalidReads;
    private long _keysLost;
    private long _roundsMissingKeys;
    private long _tornRounds;
    private long _divergedTicks;

    public string Name { get; } = name;

    public long Reads => Interlocked.Read(ref _reads);

    public long Rounds => Interlocked.Read(ref _rounds);

    public long InvalidReads => Interlocked.Read(ref _invalidReads);

    public long KeysLost => Interlocked.Read(ref _keysLost);

    public long RoundsMissingKeys => Interlocked.Read(ref _roundsMissingKeys);

    public long TornRounds => Interlocked.Read(ref _tornRounds);

    public TimeSpan Diverged => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _divergedTicks));

    public bool Observed(long generation) => _observed.ContainsKey(generation);

    public void Start()
    {
        for (var i = 0; i < readers; i++)
        {
            _threads.Add(new Thread(ReaderLoop) { IsBackground = true, Name = $"{Name} reader {i}" });
        }

        _threads.Add(new Thread(SamplerLoop) { IsBackground = true, Name = $"{Name} sampler" });
        foreach (var t in _threads)
        {
            t.Start();
        }
    }

    public void Stop()
    {
        _stop = true;
        foreach (var t in _threads)
        {
            t.Join();
        }
    }

    private void ReaderLoop()
    {
        var values = new string?[FaultContent.Keys.Length];
        while (!_stop)
        {
            if (readRound(values))
            {
                Check(values);
            }

            Thread.Sleep(1);
        }
    }

    private void SamplerLoop()
    {
        var values = new string?[FaultContent.Keys.Length];
        var last = Stopwatch.GetTimestamp();
        while (!_stop)
        {
            Thread.Sleep(1);
            var expected = truth.Expected;
            if (!readRound(values) || expected.Length == 0)
            {
                last = Stopwatch.GetTimestamp();
                continue;
            }

            Check(values);
            var now = Stopwatch.GetTimestamp();
            if (!values.AsSpan().SequenceEqual(expected))
            {
                Interlocked.Add(ref _divergedTicks, now - last);
            }

            last = now;
        }
    }

    private void Check(string?[] values)
    {
        Interlocked.Increment(ref _rounds);
        Interlocked.Add(ref _reads, values.Length);
        var missing = 0;
        var invalid = 0;
        long generation = -1;
        var torn = false;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v is null)
            {
                missing++;
                continue;
            }

            if (!truth.IsValid(i, v))
            {
                invalid++;
            }

            var g = FaultContent.GenerationOf(i, v);
            if (g >= 0)
            {
                torn |= generation >= 0 && g != generation;
                generation = g;
            }
        }

        if (missing > 0)
        {
            Interlocked.Add(ref _keysLost, missing);
            Interlocked.Increment(ref _roundsMissingKeys);
        }

        if (invalid > 0)
        {
            Interlocked.Add(ref _invalidReads, invalid);
        }

        if (torn)
        {
            Interlocked.Increment(ref _tornRounds);
        }

        if (generation >= 0 && missing == 0 && invalid == 0 && !torn)
        {
            _observed.TryAdd(generation, 0);
        }
    }
}
