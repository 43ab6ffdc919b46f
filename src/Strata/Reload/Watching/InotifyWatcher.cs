using System.Runtime.InteropServices;
using System.Text;

namespace Strata.Reload.Watching;

/// <summary>
/// Reports, on Linux, the file events of a directory tree in the order they happened, and among them the moments a
/// save is whole: a writer closing a file it wrote (<c>IN_CLOSE_WRITE</c>) and a file renamed into place
/// (<c>IN_MOVED_TO</c>). <see cref="FileSystemWatcher"/> reports neither, and its events come on another thread, so a
/// file's events and its completion are read here from one inotify instance. One background thread waits in
/// <c>poll(2)</c> on that instance and on an eventfd that <see cref="Dispose"/> signals; with recursion, a directory
/// that appears later is watched from then on. Directories the caller turns down (Kubernetes' <c>..</c> directories)
/// are not watched. Events about directories themselves are left to <see cref="FileSystemWatcher"/>.
/// </summary>
internal sealed unsafe class InotifyWatcher : IDisposable
{
    private const uint DirectoryMask = Inotify.Modify | Inotify.CloseWrite | Inotify.MovedFrom | Inotify.MovedTo | Inotify.Create | Inotify.Delete | Inotify.OnlyDirectory;
    private const uint Completes = Inotify.CloseWrite | Inotify.MovedTo;
    private const uint Writes = Inotify.Modify | Inotify.Create;

    private readonly int _inotify;
    private readonly int _wake;
    private readonly bool _recursive;
    private readonly Func<string, bool> _watches;
    private readonly Action<FileEventBatch> _onEvents;

    // Watch descriptor → directory. Filled before the thread starts, then used by that thread alone.
    private readonly Dictionary<int, string> _directories = [];

    // The directories watched, for other threads to ask (see Covers).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _covered = new(StringComparer.Ordinal);
    private readonly Thread _thread;
    private volatile bool _disposed;

    private InotifyWatcher(int inotify, int wake, bool recursive, Func<string, bool> watches, Action<FileEventBatch> onEvents)
    {
        _inotify = inotify;
        _wake = wake;
        _recursive = recursive;
        _watches = watches;
        _onEvents = onEvents;
        _thread = new Thread(Run) { IsBackground = true, Name = "strata-inotify" };
    }

    /// <summary>
    /// Starts watching <paramref name="root"/>, or returns null where there is no inotify: on other systems, or when the
    /// system refuses an instance or a watch on the root (its per-user limits).
    /// </summary>
    /// <param name="root">The directory to watch.</param>
    /// <param name="recursive">Watch the directories below it too.</param>
    /// <param name="watches">Whether a directory (full path) is to be watched; the root is always asked.</param>
    /// <param name="onEvents">Receives the files' events, a batch per read, on the watcher's thread.</param>
    public static InotifyWatcher? TryStart(string root, bool recursive, Func<string, bool> watches, Action<FileEventBatch> onEvents)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var inotify = Inotify.Init(Inotify.NonBlocking | Inotify.CloseOnExec);
        if (inotify < 0)
        {
            return null;
        }

        var wake = Inotify.EventFd(0, Inotify.NonBlocking | Inotify.CloseOnExec);
        if (wake < 0)
        {
            Inotify.Close(inotify);
            return null;
        }

        var watcher = new InotifyWatcher(inotify, wake, recursive, watches, onEvents);
        watcher.Watch(root);
        if (watcher._directories.Count == 0)
        {
            watcher.CloseDescriptors();
            return null;
        }

        watcher._thread.Start();
        return watcher;
    }

    /// <summary>Whether the events of files directly in <paramref name="directory"/> (a full path) are reported here.</summary>
    /// <param name="directory">The directory.</param>
    public bool Covers(string directory) => _covered.ContainsKey(directory);

    /// <summary>Stops the thread and closes the descriptors; no batch is reported once this returns (unless called from the callback).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ulong one = 1;
        Inotify.Write(_wake, (byte*)&one, sizeof(ulong));
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        CloseDescriptors();
    }

    private void CloseDescriptors()
    {
        Inotify.Close(_inotify);
        Inotify.Close(_wake);
    }

    private void Watch(string directory)
    {
        if (!_watches(directory))
        {
            return;
        }

        var descriptor = Inotify.AddWatch(_inotify, directory, DirectoryMask);
        if (descriptor < 0)
        {
            // Gone already, not a directory, or over the watch limit: the file-system watcher's events still cover it.
            return;
        }

        if (_directories.TryGetValue(descriptor, out var previous))
        {
            _covered.TryRemove(previous, out _);
        }

        _directories[descriptor] = directory;
        _covered[directory] = 0;
        if (!_recursive)
        {
            return;
        }

        try
        {
            foreach (var child in Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
            {
                Watch(child);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The directory went away while it was listed; its removal is an event of its own.
        }
    }

    private void Forget(string directory)
    {
        var below = directory + Path.DirectorySeparatorChar;
        foreach (var (descriptor, path) in _directories.Where(d => d.Value == directory || d.Value.StartsWith(below, StringComparison.Ordinal)).ToList())
        {
            _directories.Remove(descriptor);
            _covered.TryRemove(path, out _);
        }
    }

    private void Run()
    {
        var buffer = new byte[64 * 1024];
        var fds = stackalloc Inotify.PollFd[2];
        while (!_disposed)
        {
            fds[0] = new Inotify.PollFd { Fd = _inotify, Events = Inotify.PollIn };
            fds[1] = new Inotify.PollFd { Fd = _wake, Events = Inotify.PollIn };
            if (Inotify.Poll(fds, 2, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == Inotify.Interrupted)
                {
                    continue;
                }

                return;
            }

            if (_disposed || fds[1].ReturnedEvents != 0)
            {
                return;
            }

            nint read;
            fixed (byte* start = buffer)
            {
                read = Inotify.Read(_inotify, start, buffer.Length);
            }

            if (read > 0)
            {
                Dispatch(buffer.AsSpan(0, (int)read));
            }
            else if (Marshal.GetLastPInvokeError() is not (Inotify.Interrupted or Inotify.TryAgain))
            {
                return;
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> events)
    {
        // Each file's last event in the batch decides where it is reported.
        Dictionary<string, FileEventKind>? files = null;
        var overflow = false;
        var offset = 0;
        while (offset + Inotify.EventHeaderSize <= events.Length)
        {
            var descriptor = MemoryMarshal.Read<int>(events[offset..]);
            var mask = MemoryMarshal.Read<uint>(events[(offset + 4)..]);
            var length = (int)MemoryMarshal.Read<uint>(events[(offset + 12)..]);
            var name = events.Slice(offset + Inotify.EventHeaderSize, length);
            offset += Inotify.EventHeaderSize + length;
            var end = name.IndexOf((byte)0);
            name = end >= 0 ? name[..end] : name;
            if ((mask & Inotify.QueueOverflow) != 0)
            {
                overflow = true;
                continue;
            }

            if ((mask & Inotify.Ignored) != 0)
            {
                if (_directories.Remove(descriptor, out var gone))
                {
                    _covered.TryRemove(gone, out _);
                }

                continue;
            }

            if (name.IsEmpty || !_directories.TryGetValue(descriptor, out var directory))
            {
                continue;
            }

            var path = Path.Join(directory, Encoding.UTF8.GetString(name));
            if ((mask & Inotify.IsDirectory) == 0)
            {
                (files ??= new(StringComparer.Ordinal))[path] = (mask & Completes) != 0 ? FileEventKind.Whole
                    : (mask & Writes) != 0 ? FileEventKind.Writing
                    : FileEventKind.Changed;
            }
            else if ((mask & (Inotify.MovedFrom | Inotify.Delete)) != 0)
            {
                // Its watch (and those below it) would go on naming files by the old path.
                Forget(path);
            }
            else if (_recursive && (mask & (Inotify.Create | Inotify.MovedTo)) != 0)
            {
                Watch(path);
            }
        }

        if (overflow || files is not null)
        {
            _onEvents(new FileEventBatch(overflow, files ?? new Dictionary<string, FileEventKind>()));
        }
    }
}
