namespace Strata.Reload.Watching;

/// <summary>
/// Watches a config directory with <see cref="FileSystemWatcher"/> (inotify on Linux). It reports files
/// that count as configuration, treats Kubernetes <c>..data</c> swaps, directory events and link changes
/// as "recheck everything", and also watches the directories that symlinked layer files point into, so an
/// edit of a link's target reloads too. On Linux, when <see cref="FileEvents"/> is set, the events of files come
/// from a <see cref="InotifyWatcher"/> instead, in order and with the moments a save is whole (a file closed after
/// writing, or renamed into place); directories, links and everything outside its directories stay with the
/// <see cref="FileSystemWatcher"/>. Start-up fails with <see cref="IOException"/> when the system
/// refuses a watcher (for example the inotify limit); the reloader then falls back to polling.
/// </summary>
internal sealed class FileSystemChangeSource : IConfigChangeSource
{
    private readonly string _root;
    private readonly bool _recursive;
    private readonly FilePatternFilter _filter;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileSystemWatcher> _targetWatchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _targets = new(StringComparer.Ordinal);

    // The config directory's parent, and whether it or a directory above it is a link, found once: link tracking asks
    // about every layer file's ancestors after each full read, and those above the watched tree do not move under it.
    private readonly string? _aboveRoot;
    private readonly bool _linkAboveRoot;
    private FileSystemWatcher? _watcher;
    private InotifyWatcher? _inotifyWatcher;
    private Action<IReadOnlyList<string>>? _onChange;
    private bool _disposed;

    /// <summary>Creates a source.</summary>
    /// <param name="directory">The config directory.</param>
    /// <param name="options">Patterns and recursion.</param>
    public FileSystemChangeSource(string directory, ReloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(directory);
        _recursive = options.Recursive;
        _filter = FilePatternFilter.From(options);
        _aboveRoot = Path.GetDirectoryName(_root);
        _linkAboveRoot = _aboveRoot is not null && IsOrIsBelowLink(_aboveRoot);
    }

    /// <inheritdoc />
    public string Mode => "events";

    /// <summary>
    /// Receives, on Linux, the files (relative paths) of the watched directories with what their last events say: being
    /// written, whole, or changed. Set before <see cref="StartAsync"/>. Where there is no inotify, or when this is null,
    /// <see cref="StartAsync"/>'s callback gets every event, as on other systems.
    /// </summary>
    public Action<IReadOnlyList<string>, FileEventKind>? FileEvents { get; set; }

    /// <summary>Raised when the watcher reports an error (such as a buffer overflow); a full recheck is signalled as well.</summary>
    public event EventHandler<ErrorEventArgs>? WatcherError;

    /// <inheritdoc />
    public Task StartAsync(Action<IReadOnlyList<string>> onChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_watcher is not null)
        {
            throw new InvalidOperationException("the file-system watcher is already started");
        }

        _onChange = onChange;
        var watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = _recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Changed += (_, e) => OnEvent(e.FullPath);
        watcher.Created += (_, e) => OnEvent(e.FullPath);
        watcher.Deleted += (_, e) => OnEvent(e.FullPath);
        watcher.Renamed += (_, e) => OnEvent(e.OldFullPath, e.FullPath);
        watcher.Error += (_, e) =>
        {
            WatcherError?.Invoke(this, e);
            _onChange?.Invoke([]);
        };
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }

        _watcher = watcher;
        if (FileEvents is not null)
        {
            _inotifyWatcher = InotifyWatcher.TryStart(_root, _recursive, directory => !FilePatternFilter.IsStructural(Relative(directory)), OnFileEvents);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Watches where symlinked layer files really live (outside the watched tree, or through a linked
    /// directory), so changes there are seen. Called by the reloader after each run with the files read.
    /// </summary>
    /// <param name="fullPaths">The layer files' full paths.</param>
    public void TrackLinkTargets(IEnumerable<string> fullPaths)
    {
        ArgumentNullException.ThrowIfNull(fullPaths);
        lock (_gate)
        {
            _targets.Clear();
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in fullPaths)
            {
                var target = ResolveFinalTarget(path);
                if (target is null || string.Equals(target, path, StringComparison.Ordinal))
                {
                    continue;
                }

                var directory = Path.GetDirectoryName(target)!;
                _targets[target] = path;
                if (!directory.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || IsBehindLink(directory))
                {
                    wanted.Add(directory);
                }
            }

            foreach (var stale in _targetWatchers.Keys.Where(d => !wanted.Contains(d)).ToList())
            {
                _targetWatchers[stale].Dispose();
                _targetWatchers.Remove(stale);
            }

            foreach (var directory in wanted.Where(d => !_targetWatchers.ContainsKey(d) && Directory.Exists(d)))
            {
                try
                {
                    var w = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
                    w.Changed += (_, e) => OnTargetEvent(e.FullPath);
                    w.Created += (_, e) => OnTargetEvent(e.FullPath);
                    w.Deleted += (_, e) => OnTargetEvent(e.FullPath);
                    w.Renamed += (_, e) => OnTargetEvent(e.FullPath);
                    w.EnableRaisingEvents = true;
                    _targetWatchers[directory] = w;
                }
                catch (IOException)
                {
                    // The main watcher and content hashes still catch changes made through the link itself.
                }
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _onChange = null;
        _watcher?.Dispose();
        _inotifyWatcher?.Dispose();
        lock (_gate)
        {
            foreach (var w in _targetWatchers.Values)
            {
                w.Dispose();
            }

            _targetWatchers.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private string? ResolveFinalTarget(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var resolved = info.LinkTarget is null && !HasLinkedParent(path) ? path : Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? RealPath(path));
            return resolved;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private bool HasLinkedParent(string path)
    {
        for (var dir = Path.GetDirectoryName(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (string.Equals(dir, _aboveRoot, StringComparison.Ordinal))
            {
                return _linkAboveRoot;
            }

            if (new DirectoryInfo(dir).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOrIsBelowLink(string directory)
    {
        for (var dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (new DirectoryInfo(dir).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static string RealPath(string path)
    {
        // Resolve links in the directory part (for example ..data/base.yaml).
        var directory = Path.GetDirectoryName(path)!;
        var linkTarget = new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true);
        return linkTarget is null ? path : Path.Combine(linkTarget.FullName, Path.GetFileName(path));
    }

    private bool IsBehindLink(string directory) => HasLinkedParent(Path.Combine(directory, "x"));

    private void OnTargetEvent(string fullPath)
    {
        string? layer;
        lock (_gate)
        {
            _targets.TryGetValue(fullPath, out layer);
        }

        if (layer is not null)
        {
            _onChange?.Invoke([Relative(layer)]);
        }
        else if (_filter.Counts(Path.GetFileName(fullPath)))
        {
            _onChange?.Invoke([]);
        }
    }

    private void OnEvent(params string[] fullPaths)
    {
        var files = new List<string>(fullPaths.Length);
        var structural = false;
        foreach (var full in fullPaths)
        {
            var relative = Relative(full);
            if (_filter.Counts(relative))
            {
                if (!ReportedInOrder(full))
                {
                    files.Add(relative);
                }
            }
            else if (FilePatternFilter.IsStructural(relative) || Directory.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                structural = true;
            }
        }

        if (files.Count > 0 || structural)
        {
            _onChange?.Invoke(files);
        }
    }

    private void OnFileEvents(FileEventBatch batch)
    {
        if (batch.Overflowed)
        {
            // The kernel dropped events: anything may have changed.
            _onChange?.Invoke([]);
        }

        var changed = new List<string>();
        var writing = new List<string>();
        var whole = new List<string>();
        foreach (var (full, kind) in batch.Files)
        {
            var relative = Relative(full);
            if (!_filter.Counts(relative))
            {
                continue;
            }

            // A file closed empty is most often truncated before being written again, so it is waited for as one
            // still being written rather than read (and rejected) at once.
            var list = kind switch
            {
                FileEventKind.Whole when !IsEmpty(full) => whole,
                FileEventKind.Changed => changed,
                _ => writing,
            };
            list.Add(relative);
        }

        // Files still being written go first, so one completed in the same batch waits for them.
        Report(changed, FileEventKind.Changed);
        Report(writing, FileEventKind.Writing);
        Report(whole, FileEventKind.Whole);
    }

    private void Report(List<string> files, FileEventKind kind)
    {
        if (files.Count > 0)
        {
            FileEvents?.Invoke(files, kind);
        }
    }

    /// <summary>Whether the inotify watcher reports this file's events, so the file-system watcher's are left out.</summary>
    private bool ReportedInOrder(string fullPath) =>
        _inotifyWatcher is { } watcher && watcher.Covers(Path.GetDirectoryName(fullPath)!) && !Directory.Exists(fullPath);

    private static bool IsEmpty(string fullPath)
    {
        try
        {
            return new FileInfo(fullPath).Length == 0;
        }
        catch (IOException)
        {
            // Gone again: its removal is an event of its own.
            return true;
        }
    }

    private string Relative(string full) => Path.GetRelativePath(_root, full).Replace(Path.DirectorySeparatorChar, '/');
}
