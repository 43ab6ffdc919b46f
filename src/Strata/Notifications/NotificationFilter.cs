using Microsoft.Extensions.FileSystemGlobbing;
using Strata.Model;

namespace Strata.Notifications;

/// <summary>
/// Decides which notifications a subscriber or channel receives. Every criterion that is set must pass:
/// <list type="bullet">
/// <item><see cref="EventTypes"/>: the event is one of them (empty: any event);</item>
/// <item><see cref="FilePatterns"/>: for a notification that names files, at least one file matches a glob
/// (<c>Microsoft.Extensions.FileSystemGlobbing</c>; a pattern without <c>/</c> matches the file name in any folder);</item>
/// <item><see cref="MinimumPriority"/>: the priority is at least this;</item>
/// <item><see cref="IncludeErrors"/> / <see cref="IncludeSuccesses"/>: failures / everything else;</item>
/// <item><see cref="KeyPrefixes"/>: for events that carry changes (reloads, rollbacks, and any other event with a non-empty
/// change list), at least one changed path lies under a prefix (or is a whole leaf, such as a list, that contains it). <c>config_failed</c> always passes this criterion, so nobody
/// filters away the news that a reload failed; events without changes (loaded, file changed, migration applied) pass it too.</item>
/// </list>
/// Instances are immutable once built and safe to share between threads.
/// </summary>
public sealed class NotificationFilter
{
    private readonly HashSet<ReloadEvent> _eventTypes = [];
    private readonly IReadOnlyList<string> _filePatterns = [];
    private readonly IReadOnlyList<string> _keyPrefixes = [];
    private readonly Matcher? _matcher;
    private readonly ConfigPath[] _prefixes = [];

    /// <summary>A filter that lets every notification through.</summary>
    public static NotificationFilter All { get; } = new();

    /// <summary>The event types to receive; empty for all.</summary>
    public IReadOnlyCollection<ReloadEvent> EventTypes
    {
        get => _eventTypes;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _eventTypes = [.. value];
        }
    }

    /// <summary>Glob patterns over the notification's files (relative to the config directory), e.g. <c>*.yaml</c>, <c>environments/**</c>; empty for all.</summary>
    /// <exception cref="ArgumentException">A pattern is empty.</exception>
    public IReadOnlyList<string> FilePatterns
    {
        get => _filePatterns;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _filePatterns = [.. value];
            if (_filePatterns.Count == 0)
            {
                _matcher = null;
                return;
            }

            var matcher = new Matcher(StringComparison.Ordinal);
            foreach (var pattern in _filePatterns)
            {
                if (string.IsNullOrWhiteSpace(pattern))
                {
                    throw new ArgumentException("a file pattern cannot be empty", nameof(FilePatterns));
                }

                var normalized = Normalize(pattern.Trim());
                matcher.AddInclude(normalized.Contains('/', StringComparison.Ordinal) ? normalized : "**/" + normalized);
            }

            _matcher = matcher;
        }
    }

    /// <summary>The lowest priority to receive. Default <see cref="NotificationPriority.Low"/> (everything).</summary>
    public NotificationPriority MinimumPriority { get; init; } = NotificationPriority.Low;

    /// <summary>Whether failures (<c>config_failed</c>) pass. Default true.</summary>
    public bool IncludeErrors { get; init; } = true;

    /// <summary>Whether every other event passes. Default true.</summary>
    public bool IncludeSuccesses { get; init; } = true;

    /// <summary>Key prefixes such as <c>redis</c> or <c>learning.epsilon_start</c>; empty for all. A prefix matches whole segments (<c>redis</c> does not match <c>redis_cluster</c>).</summary>
    /// <exception cref="ArgumentException">A prefix is not a valid key path.</exception>
    public IReadOnlyList<string> KeyPrefixes
    {
        get => _keyPrefixes;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var parsed = new List<ConfigPath>(value.Count);
            foreach (var prefix in value)
            {
                if (!ConfigPath.TryParse(prefix?.Trim(), out var path, out var error))
                {
                    throw new ArgumentException($"key prefix {error}", nameof(KeyPrefixes));
                }

                parsed.Add(path);
            }

            _keyPrefixes = [.. parsed.Select(p => p.Text)];
            _prefixes = [.. parsed];
        }
    }

    /// <summary>A filter for some event types.</summary>
    /// <param name="eventTypes">The events to receive.</param>
    public static NotificationFilter ForEvents(params ReloadEvent[] eventTypes) => new() { EventTypes = eventTypes };

    /// <summary>A filter for changes under some key prefixes (failures still pass).</summary>
    /// <param name="keyPrefixes">The prefixes.</param>
    public static NotificationFilter ForKeys(params string[] keyPrefixes) => new() { KeyPrefixes = keyPrefixes };

    /// <summary>True when <paramref name="notification"/> passes every criterion.</summary>
    /// <param name="notification">The notification.</param>
    public bool Matches(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_eventTypes.Count > 0 && !_eventTypes.Contains(notification.EventType))
        {
            return false;
        }

        if (notification.Priority < MinimumPriority)
        {
            return false;
        }

        if (notification.IsSuccess ? !IncludeSuccesses : !IncludeErrors)
        {
            return false;
        }

        return MatchesFiles(notification) && MatchesKeys(notification);
    }

    /// <summary>True when some change in <paramref name="notification"/> lies under a key prefix, or when the key criterion does not apply to it.</summary>
    /// <param name="notification">The notification.</param>
    public bool MatchesKeys(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_prefixes.Length == 0 || notification.EventType == ReloadEvent.ConfigFailed)
        {
            return true;
        }

        var carriesChanges = notification.EventType is ReloadEvent.ConfigReloaded or ReloadEvent.ConfigRolledBack
            || notification.Changes.Count > 0;
        if (!carriesChanges)
        {
            return true;
        }

        var changes = notification.Changes;
        for (var i = 0; i < changes.Count; i++)
        {
            var path = changes[i].Path;
            foreach (var prefix in _prefixes)
            {
                if (path.StartsWith(prefix) || prefix.StartsWith(path))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when some file of <paramref name="notification"/> matches a pattern, or when it names no files or no pattern is set.</summary>
    /// <param name="notification">The notification.</param>
    public bool MatchesFiles(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_matcher is null || notification.Files.Count == 0)
        {
            return true;
        }

        var files = notification.Files;
        for (var i = 0; i < files.Count; i++)
        {
            if (_matcher.Match(Normalize(files[i])).HasMatches)
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimStart('/');
    }
}
