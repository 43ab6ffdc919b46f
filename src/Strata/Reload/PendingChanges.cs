using System.Collections.Concurrent;

namespace Strata.Reload;

/// <summary>
/// The files changed since the last reload, as a lock-free set: the watcher adds, the reload worker takes, and
/// <see cref="ConfigurationHotReloader.DiscardPendingChanges"/> empties it. <see cref="Structural"/> stands for a link
/// or directory change that names no file.
/// </summary>
internal sealed class PendingChanges
{
    /// <summary>The entry recorded for a change that names no file.</summary>
    public const string Structural = "*";

    private readonly ConcurrentDictionary<string, byte> _files = new(StringComparer.Ordinal);

    /// <summary>Distinct entries waiting.</summary>
    public int Count => _files.Count;

    /// <summary>The entries waiting, sorted.</summary>
    public IReadOnlyList<string> List() => [.. _files.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Records changed files (a structural change when <paramref name="files"/> is empty).</summary>
    /// <param name="files">The files the watcher reported.</param>
    /// <returns>The files that were not already waiting (never the structural entry).</returns>
    public List<string> Add(IReadOnlyList<string> files)
    {
        var fresh = new List<string>();
        foreach (var file in files.Count == 0 ? [Structural] : files)
        {
            if (_files.TryAdd(file, 0) && file != Structural)
            {
                fresh.Add(file);
            }
        }

        return fresh;
    }

    /// <summary>Removes and returns every entry waiting now, sorted; a change recorded meanwhile stays for the next take.</summary>
    public List<string> Take()
    {
        var taken = new List<string>();
        foreach (var file in _files.Keys)
        {
            if (_files.TryRemove(file, out _))
            {
                taken.Add(file);
            }
        }

        taken.Sort(StringComparer.Ordinal);
        return taken;
    }
}
