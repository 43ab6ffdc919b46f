using Strata.Snapshots;

namespace Strata.Reload.Watching;

/// <summary>
/// Detects changes by hashing the content of every configuration file at an interval — for network file
/// systems, or when file-system events cannot start. Links are followed, so a Kubernetes <c>..data</c>
/// swap shows up as changed content. The interval runs on the options' <see cref="TimeProvider"/>.
/// </summary>
internal sealed class PollingChangeSource : IConfigChangeSource
{
    private readonly string _root;
    private readonly ReloadOptions _options;
    private readonly FilePatternFilter _filter;
    private readonly Lock _gate = new();
    private Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private ITimer? _timer;
    private Action<IReadOnlyList<string>>? _onChange;
    private bool _disposed;

    /// <summary>Creates a source.</summary>
    /// <param name="directory">The config directory.</param>
    /// <param name="options">Patterns, recursion, interval and clock.</param>
    public PollingChangeSource(string directory, ReloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(directory);
        _options = options;
        _filter = FilePatternFilter.From(options);
    }

    /// <inheritdoc />
    public string Mode => "polling";

    /// <inheritdoc />
    public Task StartAsync(Action<IReadOnlyList<string>> onChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_timer is not null)
        {
            throw new InvalidOperationException("polling is already started");
        }

        _onChange = onChange;
        _hashes = Scan();
        _timer = _options.TimeProvider.CreateTimer(_ => Poll(), null, _options.PollingInterval, _options.PollingInterval);
        return Task.CompletedTask;
    }

    /// <summary>Scans once now and signals what changed since the last scan.</summary>
    public void Poll()
    {
        List<string> changed;
        lock (_gate)
        {
            var now = Scan();
            changed = [.. now.Where(kv => !_hashes.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key)];
            changed.AddRange(_hashes.Keys.Where(k => !now.ContainsKey(k)));
            _hashes = now;
        }

        if (changed.Count > 0)
        {
            _onChange?.Invoke(changed);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _onChange = null;
        _timer?.Dispose();
        return ValueTask.CompletedTask;
    }

    private Dictionary<string, string> Scan()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(_root))
        {
            return result;
        }

        var enumeration = new EnumerationOptions { RecurseSubdirectories = _options.Recursive, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var full in Directory.EnumerateFiles(_root, "*", enumeration))
        {
            var relative = Path.GetRelativePath(_root, full).Replace(Path.DirectorySeparatorChar, '/');
            if (!_filter.Counts(relative))
            {
                continue;
            }

            try
            {
                result[relative] = ContentHasher.Hash(File.ReadAllBytes(full));
            }
            catch (IOException)
            {
                result[relative] = "unreadable";
            }
            catch (UnauthorizedAccessException)
            {
                result[relative] = "unreadable";
            }
        }

        return result;
    }
}
