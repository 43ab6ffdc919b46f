namespace Strata.Reload.Watching;

/// <summary>What happened to a file, by its last event in a <see cref="FileEventBatch"/>.</summary>
internal enum FileEventKind
{
    /// <summary>Deleted or renamed away: nothing more will come of it.</summary>
    Changed,

    /// <summary>Created or written to, and not closed since: its writer may still be at work.</summary>
    Writing,

    /// <summary>Closed after writing, or renamed into place: the save is whole.</summary>
    Whole,
}

/// <summary>The file events <see cref="InotifyWatcher"/> read at once, each file (a full path) by its last event.</summary>
/// <param name="Overflowed">The kernel dropped events (its queue overflowed): anything may have changed.</param>
/// <param name="Files">Each file's last event.</param>
internal readonly record struct FileEventBatch(bool Overflowed, IReadOnlyDictionary<string, FileEventKind> Files);
