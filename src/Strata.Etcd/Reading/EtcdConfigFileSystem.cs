using Strata.Etcd.Storage;
using Strata.Sources;

namespace Strata.Etcd.Reading;

/// <summary>
/// Presents the configuration under an etcd prefix as a config directory, so the unchanged pipeline reads it:
/// <see cref="RootDirectory"/> is a virtual directory whose files are the keys under the prefix. Reads come from
/// an immutable in-memory copy (<see cref="EtcdConfigRevision"/>) that a watcher replaces in one reference swap;
/// each pipeline run pins one copy (<see cref="BeginRead"/>), so a load sees one release, never parts of two.
/// Provenance names the key and the revision that wrote it: <c>etcd:/prefix/base.yaml@42</c>.
/// </summary>
public sealed class EtcdConfigFileSystem : IConfigFileSystem
{
    private readonly AsyncLocal<EtcdConfigRevision?> _pinned = new();
    private readonly EtcdKeyLayout _layout;
    private EtcdConfigRevision _current;

    /// <summary>Creates a file system over a first copy.</summary>
    /// <param name="initial">The configuration as read from etcd.</param>
    public EtcdConfigFileSystem(EtcdConfigRevision initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
        Prefix = initial.Prefix;
        _layout = new EtcdKeyLayout(Prefix);
        RootDirectory = VirtualRoot(Prefix);
    }

    /// <summary>The etcd prefix, without a trailing slash.</summary>
    public string Prefix { get; }

    /// <summary>The virtual config directory to give <see cref="Hierarchy.EnvironmentConfigManager"/>; it exists only here.</summary>
    public string RootDirectory { get; }

    /// <summary>The copy new reads see.</summary>
    public EtcdConfigRevision Current => Volatile.Read(ref _current);

    /// <summary>Raised on the reading thread each time a pipeline run pins a copy (<see cref="BeginRead"/>), so the instance record knows which release a load used.</summary>
    internal event Action<EtcdConfigRevision>? ReadStarted;

    /// <summary>The copy this thread's reads see: the pinned one during a pipeline run, else <see cref="Current"/>.</summary>
    private EtcdConfigRevision View => _pinned.Value ?? Current;

    /// <summary>The virtual directory that stands for a prefix.</summary>
    /// <param name="prefix">The etcd prefix.</param>
    public static string VirtualRoot(string prefix)
    {
        var normalized = EtcdKeyLayout.NormalizePrefix(prefix);
        var parts = new List<string> { Path.DirectorySeparatorChar + "etcd" };
        parts.AddRange(normalized.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return Path.GetFullPath(Path.Combine([.. parts]));
    }

    /// <summary>Replaces the copy in one reference swap; runs already in progress keep the copy they pinned.</summary>
    /// <param name="next">The new copy.</param>
    public void Replace(EtcdConfigRevision next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!string.Equals(next.Prefix, Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the copy is of prefix {next.Prefix}, not {Prefix}", nameof(next));
        }

        Volatile.Write(ref _current, next);
    }

    /// <inheritdoc />
    public IDisposable? BeginRead()
    {
        if (_pinned.Value is not null)
        {
            return null;
        }

        var pinned = Current;
        _pinned.Value = pinned;
        ReadStarted?.Invoke(pinned);
        return new Unpin(this);
    }

    /// <inheritdoc />
    public string GetSourceName(string fullPath, string relativePath)
    {
        var relative = Relative(fullPath) ?? relativePath;
        return _layout.SourceName(relative, View.TryGetFile(relative, out var file) ? file.ModRevision : 0);
    }

    /// <inheritdoc />
    public bool FileExists(string path) => Relative(path) is { } relative && View.TryGetFile(relative, out _);

    /// <inheritdoc />
    public bool DirectoryExists(string path)
    {
        var relative = Relative(path);
        if (relative is null)
        {
            return false;
        }

        if (relative.Length == 0)
        {
            return true;
        }

        var folder = relative + "/";
        return View.Files.Keys.Any(k => k.StartsWith(folder, StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public byte[] ReadAllBytes(string path, long maxBytes)
    {
        var relative = Relative(path);
        if (relative is null || !View.TryGetFile(relative, out var file))
        {
            throw new FileNotFoundException($"etcd has no key {_layout.FileKey(relative ?? path)}", path);
        }

        if (file.Content.Length > maxBytes)
        {
            throw new InvalidDataException($"the file is larger than the limit of {maxBytes} bytes");
        }

        return file.Content.ToArray();
    }

    /// <inheritdoc />
    public IEnumerable<string> EnumerateFiles(string directory)
    {
        var relative = Relative(directory);
        if (relative is null)
        {
            return [];
        }

        var folder = relative.Length == 0 ? string.Empty : relative + "/";
        return View.Files.Keys
            .Where(k => k.StartsWith(folder, StringComparison.Ordinal) && k.IndexOf('/', folder.Length) < 0)
            .Select(k => Path.Combine(RootDirectory, k.Replace('/', Path.DirectorySeparatorChar)))
            .ToList();
    }

    /// <summary>The path relative to the virtual root with <c>/</c> separators; null when outside it.</summary>
    private string? Relative(string path)
    {
        var full = Path.GetFullPath(path);
        if (string.Equals(full.TrimEnd(Path.DirectorySeparatorChar), RootDirectory, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var root = RootDirectory + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal) ? full[root.Length..].Replace(Path.DirectorySeparatorChar, '/').TrimEnd('/') : null;
    }

    private sealed class Unpin(EtcdConfigFileSystem owner) : IDisposable
    {
        public void Dispose() => owner._pinned.Value = null;
    }
}
