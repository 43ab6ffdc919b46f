using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// A snapshot's flat index, every path's canonical text to its node, split into pages by the path's hash. A read
/// hashes the text once, picks the page by the low bits and looks the path up there. A new version's index is
/// made by <see cref="PathIndexBuilder"/>, which shares every page it does not write with the previous version:
/// a reload that changed a few paths copies a few small pages instead of the whole index (no large-object-heap
/// copy per version, and none of the full collections such copies start).
/// </summary>
internal sealed class PathIndex
{
    /// <summary>How many paths a page holds on average when an index is built.</summary>
    internal const int PathsPerPage = 64;

    private readonly PathIndexPage[] _pages;
    private readonly uint _pageMask;

    internal PathIndex(PathIndexPage[] pages, int count)
    {
        _pages = pages;
        _pageMask = (uint)pages.Length - 1;
        Count = count;
    }

    /// <summary>The number of paths.</summary>
    public int Count { get; }

    /// <summary>The pages, for a builder of the next version (which copies any page before writing to it).</summary>
    internal PathIndexPage[] Pages => _pages;

    /// <summary>
    /// True while the pages hold between a quarter of and four times <see cref="PathsPerPage"/> on average; a
    /// version whose index grew or shrank past that is indexed again from its tree.
    /// </summary>
    internal bool Balanced =>
        Count <= _pages.Length * PathsPerPage * 4 && (_pages.Length == 1 || Count >= _pages.Length * PathsPerPage / 4);

    /// <summary>The number of pages for <paramref name="count"/> paths: a power of two.</summary>
    internal static int PageCountFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, count / PathsPerPage));

    public bool TryGetValue(string path, [NotNullWhen(true)] out ConfigNode? node)
    {
        var hash = PathHash.Of(path);

        // The mask keeps the page number within the pages (their count is a power of two).
        var page = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_pages), (nint)(hash & _pageMask));
        return page.TryGetValue(path, hash, out node);
    }
}
