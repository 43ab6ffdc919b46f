using System.IO.Enumeration;

namespace Strata.Reload.Watching;

/// <summary>
/// Decides which files count as configuration: a file counts when its name (or, for patterns with a
/// <c>/</c>, its path relative to the config directory) matches a file pattern and no ignore pattern.
/// Names starting with <c>..</c> (Kubernetes' <c>..data</c> and its timestamped directories) are never
/// layers themselves but always mean "what the layer files resolve to may have changed".
/// </summary>
internal sealed class FilePatternFilter
{
    private readonly string[] _include;
    private readonly string[] _ignore;

    /// <summary>Creates a filter.</summary>
    /// <param name="include">File patterns, e.g. <c>*.yaml</c>.</param>
    /// <param name="ignore">Ignore patterns, e.g. <c>*.tmp</c>, <c>.*</c>.</param>
    public FilePatternFilter(IEnumerable<string> include, IEnumerable<string> ignore)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(ignore);
        _include = [.. include];
        _ignore = [.. ignore];
    }

    /// <summary>Creates the filter of a <see cref="ReloadOptions"/>.</summary>
    /// <param name="options">The settings.</param>
    public static FilePatternFilter From(ReloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FilePatternFilter(options.FilePatterns, options.IgnorePatterns);
    }

    /// <summary>True when the file counts as configuration.</summary>
    /// <param name="relativePath">The path relative to the config directory, with <c>/</c> separators.</param>
    public bool Counts(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        if (IsStructural(relativePath))
        {
            return false;
        }

        return Matches(_include, name, relativePath) && !Matches(_ignore, name, relativePath);
    }

    /// <summary>True when a change of this path can change what layer files resolve to (Kubernetes <c>..data</c> swaps, directories, links).</summary>
    /// <param name="relativePath">The path relative to the config directory.</param>
    public static bool IsStructural(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return relativePath.Split('/').Any(segment => segment.StartsWith("..", StringComparison.Ordinal));
    }

    private static bool Matches(string[] patterns, string name, string relativePath)
    {
        foreach (var pattern in patterns)
        {
            var subject = pattern.Contains('/', StringComparison.Ordinal) ? relativePath : name;
            if (FileSystemName.MatchesSimpleExpression(pattern, subject, ignoreCase: false))
            {
                return true;
            }
        }

        return false;
    }
}
