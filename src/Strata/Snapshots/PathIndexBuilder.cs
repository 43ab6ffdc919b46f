using System.Buffers;
using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// Makes a <see cref="PathIndex"/>, either new from every path of a tree or from the previous version's index.
/// A new index collects the paths first and then gives each page exactly the room its paths need. An index made
/// from the previous one starts with the previous pages and copies a page the first time a path on it is set or
/// removed, so the previous index is never written.
/// </summary>
internal sealed class PathIndexBuilder
{
    private readonly PathIndexPage[]? _pages;
    private readonly bool[]? _copied;
    private int _count;

    // While a new index collects its paths.
    private string[]? _paths;
    private ConfigNode[]? _nodes;

    /// <summary>Starts a new index for about <paramref name="expectedCount"/> paths.</summary>
    public PathIndexBuilder(int expectedCount)
    {
        _paths = ArrayPool<string>.Shared.Rent(Math.Max(expectedCount, 16));
        _nodes = ArrayPool<ConfigNode>.Shared.Rent(_paths.Length);
    }

    /// <summary>Starts from <paramref name="previous"/>, which stays as it is.</summary>
    public PathIndexBuilder(PathIndex previous)
    {
        _pages = (PathIndexPage[])previous.Pages.Clone();
        _copied = new bool[_pages.Length];
        _count = previous.Count;
    }

    /// <summary>Adds a path or replaces its node.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(string path, ConfigNode node)
    {
        if (_pages is null)
        {
            Collect(path, node);
            return;
        }

        var hash = PathHash.Of(path);
        if (Writable(hash).Set(path, hash, node))
        {
            _count++;
        }
    }

    /// <summary>Removes a path (a new index never has one to remove).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Remove(string path)
    {
        if (_pages is null)
        {
            throw new InvalidOperationException("a new index has nothing to remove");
        }

        var hash = PathHash.Of(path);
        if (Writable(hash).Remove(path, hash))
        {
            _count--;
        }
    }

    /// <summary>The index; the builder must not be used after this.</summary>
    public PathIndex ToIndex() => _pages is null ? Distribute() : new PathIndex(_pages, _count);

    private PathIndexPage Writable(uint hash)
    {
        var p = (int)(hash & (uint)(_pages!.Length - 1));
        if (!_copied![p])
        {
            _pages[p] = _pages[p].Copy();
            _copied[p] = true;
        }

        return _pages[p];
    }

    private void Collect(string path, ConfigNode node)
    {
        if (_count == _paths!.Length)
        {
            var paths = ArrayPool<string>.Shared.Rent(_count * 2);
            var nodes = ArrayPool<ConfigNode>.Shared.Rent(_count * 2);
            _paths.AsSpan(0, _count).CopyTo(paths);
            _nodes!.AsSpan(0, _count).CopyTo(nodes);
            Return();
            (_paths, _nodes) = (paths, nodes);
        }

        _paths[_count] = path;
        _nodes![_count] = node;
        _count++;
    }

    // Counts the paths per page, sizes each page for its count, then fills them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PathIndex Distribute()
    {
        var pageCount = PathIndex.PageCountFor(_count);
        var mask = (uint)pageCount - 1;
        var hashes = ArrayPool<uint>.Shared.Rent(Math.Max(_count, 1));
        var perPage = new int[pageCount];
        try
        {
            for (var i = 0; i < _count; i++)
            {
                hashes[i] = PathHash.Of(_paths![i]);
                perPage[hashes[i] & mask]++;
            }

            var pages = new PathIndexPage[pageCount];
            for (var p = 0; p < pageCount; p++)
            {
                pages[p] = new PathIndexPage(perPage[p]);
            }

            var count = 0;
            for (var i = 0; i < _count; i++)
            {
                if (pages[hashes[i] & mask].Set(_paths![i], hashes[i], _nodes![i]))
                {
                    count++;
                }
            }

            return new PathIndex(pages, count);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(hashes);
            Return();
        }
    }

    private void Return()
    {
        ArrayPool<string>.Shared.Return(_paths!, clearArray: true);
        ArrayPool<ConfigNode>.Shared.Return(_nodes!, clearArray: true);
        _paths = null;
        _nodes = null;
    }
}
