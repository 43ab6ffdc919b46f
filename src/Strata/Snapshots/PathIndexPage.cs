using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// One page of a <see cref="PathIndex"/>: a small chained hash table (buckets of entry numbers, entries with the
/// hash, the next entry of the chain, the path and the node). A page is written only by the
/// <see cref="PathIndexBuilder"/> that created or copied it, and never again once its index is built.
/// </summary>
internal sealed class PathIndexPage
{
    private int[] _buckets;
    private Entry[] _entries;
    private int _used;
    private int _freeList = -1;
    private int _freeCount;

    internal PathIndexPage(int capacity)
    {
        _entries = new Entry[Math.Max(capacity, 1)];
        _buckets = new int[BucketCountFor(_entries.Length)];
    }

    private PathIndexPage(PathIndexPage source)
    {
        _buckets = (int[])source._buckets.Clone();
        _entries = (Entry[])source._entries.Clone();
        _used = source._used;
        _freeList = source._freeList;
        _freeCount = source._freeCount;
    }

    /// <summary>The number of paths on the page.</summary>
    public int Count => _used - _freeCount;

    /// <summary>A copy the builder of a new version may write to; this page stays as it is.</summary>
    public PathIndexPage Copy() => new(this);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(string path, uint hash, [NotNullWhen(true)] out ConfigNode? node)
    {
        var entries = _entries;
        var i = _buckets[BucketOf(hash, _buckets.Length)] - 1;
        while ((uint)i < (uint)entries.Length)
        {
            ref var entry = ref entries[i];
            if (entry.Hash == hash && string.Equals(entry.Path, path))
            {
                node = entry.Node!;
                return true;
            }

            i = entry.Next;
        }

        node = null;
        return false;
    }

    /// <summary>Adds the path or replaces its node; true when it was added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Set(string path, uint hash, ConfigNode node)
    {
        ref var bucket = ref _buckets[BucketOf(hash, _buckets.Length)];
        for (var i = bucket - 1; i >= 0; i = _entries[i].Next)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash == hash && string.Equals(entry.Path, path))
            {
                entry.Node = node;
                return false;
            }
        }

        int slot;
        if (_freeCount > 0)
        {
            slot = _freeList;
            _freeList = _entries[slot].Next;
            _freeCount--;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Grow();
                bucket = ref _buckets[BucketOf(hash, _buckets.Length)];
            }

            slot = _used++;
        }

        _entries[slot] = new Entry { Hash = hash, Next = bucket - 1, Path = path, Node = node };
        bucket = slot + 1;
        return true;
    }

    /// <summary>Removes the path; true when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Remove(string path, uint hash)
    {
        ref var bucket = ref _buckets[BucketOf(hash, _buckets.Length)];
        var previous = -1;
        for (var i = bucket - 1; i >= 0; previous = i, i = _entries[i].Next)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash != hash || !string.Equals(entry.Path, path))
            {
                continue;
            }

            if (previous < 0)
            {
                bucket = entry.Next + 1;
            }
            else
            {
                _entries[previous].Next = entry.Next;
            }

            entry = new Entry { Next = _freeList };
            _freeList = i;
            _freeCount++;
            return true;
        }

        return false;
    }

    // A page is sized for what it holds when it is built; one that grows gets a quarter more room each time.
    private void Grow()
    {
        var entries = new Entry[_entries.Length + Math.Max(4, _entries.Length / 4)];
        Array.Copy(_entries, entries, _used);
        var buckets = new int[BucketCountFor(entries.Length)];
        for (var i = 0; i < _used; i++)
        {
            ref var bucket = ref buckets[BucketOf(entries[i].Hash, buckets.Length)];
            entries[i].Next = bucket - 1;
            bucket = i + 1;
        }

        _entries = entries;
        _buckets = buckets;
    }

    // Up to two entries per bucket: the chains stay short and the buckets cost two bytes a path.
    private static int BucketCountFor(int capacity) => (int)Math.Max(1, BitOperations.RoundUpToPowerOf2((uint)capacity) / 2);

    // The low bits choose the page, so the bucket is taken from the high half first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BucketOf(uint hash, int bucketCount) => (int)(BitOperations.RotateRight(hash, 16) & (uint)(bucketCount - 1));

    private struct Entry
    {
        public uint Hash;
        public int Next;
        public string? Path;
        public ConfigNode? Node;
    }
}
