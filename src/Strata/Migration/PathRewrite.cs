using Strata.Model;

namespace Strata.Migration;

/// <summary>
/// A path that a transformation moved or removed, so that what was attached to the old path (comments,
/// layout) can follow the value. <see cref="To"/> is null when the path was deleted.
/// </summary>
/// <param name="From">The old path (everything under it moves too).</param>
/// <param name="To">The new path, or null when removed.</param>
internal sealed record PathRewrite(ConfigPath From, ConfigPath? To)
{
    /// <summary>An unambiguous key for a path, so that layouts and move tracking never mix two keys up: its canonical text, in which the key <c>x.y</c> is <c>`x.y`</c> and the path <c>x</c>.<c>y</c> is <c>x.y</c>.</summary>
    public static string Key(ConfigPath path) => path.Text;

    /// <summary>Maps a path through a list of rewrites, in order; null when one of them removed it.</summary>
    public static ConfigPath? Apply(ConfigPath path, IEnumerable<PathRewrite> rewrites)
    {
        ConfigPath? current = path;
        foreach (var rewrite in rewrites)
        {
            if (current is null)
            {
                return null;
            }

            if (!current.StartsWith(rewrite.From))
            {
                continue;
            }

            if (rewrite.To is null)
            {
                return null;
            }

            var rest = current.Segments[rewrite.From.Segments.Length..];
            current = ConfigPath.FromSegments(rewrite.To.Segments.AddRange(rest));
        }

        return current;
    }
}
