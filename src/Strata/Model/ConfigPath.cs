using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Strata.Model;

/// <summary>
/// A parsed path into a configuration tree: <c>redis.port</c>, <c>curriculum_phases[1].steps</c>.
/// Parse once, compare cheaply: equality and hashing use the canonical text.
/// </summary>
/// <remarks>
/// <para>
/// One grammar is used wherever Strata reads or prints a path (snapshots, the CLI, <c>--set</c>, diffs,
/// change notifications, validation rules, migration scripts). Keys are joined by <c>.</c> and list
/// indexes are written <c>[n]</c> (a whole number from 0). A key is written bare when it is non-empty,
/// does not start or end with white space, and holds none of <c>.</c> <c>[</c> <c>]</c> <c>`</c>
/// <c>*</c> <c>=</c> nor a control character (U+0000–U+001F, U+007F–U+009F). Any other key is written in
/// backticks with each backtick inside doubled: the key <c>y.z</c> under <c>x</c> is <c>x.`y.z`</c>,
/// the key <c>a`b</c> is <c>`a``b`</c>, and the empty key is <c>``</c>.
/// </para>
/// <para>
/// <see cref="Text"/> is canonical: two different paths never have the same text, and
/// <c>Parse(p.Text)</c> gives back <c>p</c>. <see cref="Parse"/> also accepts a key in backticks that
/// could be bare (<c>`redis`.port</c>) and indexes with leading zeros, and prints them canonically.
/// A path starts with a key, never with an index.
/// </para>
/// </remarks>
public sealed class ConfigPath : IEquatable<ConfigPath>
{
    private ConfigPath(ImmutableArray<PathSegment> segments, string text)
    {
        Segments = segments;
        Text = text;
    }

    /// <summary>The root path (no segments), printed as an empty string.</summary>
    public static ConfigPath Root { get; } = new([], string.Empty);

    /// <summary>The segments, outermost first.</summary>
    public ImmutableArray<PathSegment> Segments { get; }

    /// <summary>The canonical text, e.g. <c>a.b[2].c</c> or <c>x.`y.z`</c>.</summary>
    public string Text { get; }

    /// <summary>True for the root path.</summary>
    public bool IsRoot => Segments.IsEmpty;

    /// <summary>The path one level up; the root's parent is the root.</summary>
    public ConfigPath Parent => Segments.Length <= 1 ? Root : FromSegments(Segments.RemoveAt(Segments.Length - 1));

    /// <summary>The last segment. Throws on the root path.</summary>
    public PathSegment Last => Segments[^1];

    /// <summary>Parses a path, throwing <see cref="FormatException"/> with a readable message when it is malformed.</summary>
    /// <param name="text">The path text.</param>
    public static ConfigPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var path, out var error) ? path : throw new FormatException(error);
    }

    /// <summary>Parses a path.</summary>
    /// <param name="text">The path text.</param>
    /// <param name="path">The parsed path.</param>
    /// <param name="error">Why parsing failed: the text, the position (from 1) and what was expected there.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ConfigPath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a key path cannot be empty";
            return false;
        }

        var segments = ImmutableArray.CreateBuilder<PathSegment>();
        var reader = new PathReader(text, wildcards: false);
        while (reader.TryNext(out var token, out error))
        {
            segments.Add(token.Kind == PathTokenKind.Key ? PathSegment.ForKey(token.Key!) : PathSegment.ForIndex(token.Index));
        }

        if (error is not null)
        {
            return false;
        }

        var built = segments.ToImmutable();
        path = reader.IsCanonical ? new ConfigPath(built, text) : FromSegments(built);
        return true;
    }

    /// <summary>Builds a path from segments.</summary>
    /// <param name="segments">The segments.</param>
    public static ConfigPath FromSegments(ImmutableArray<PathSegment> segments)
    {
        if (segments.IsDefaultOrEmpty)
        {
            return Root;
        }

        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            Append(sb, s);
        }

        return new ConfigPath(segments, sb.ToString());
    }

    /// <summary>Returns this path extended by a key.</summary>
    /// <param name="key">The key.</param>
    public ConfigPath Append(string key) =>
        new(Segments.Add(PathSegment.ForKey(key)), PathSyntax.JoinKey(Text, key));

    /// <summary>Returns this path extended by a sequence index.</summary>
    /// <param name="index">The index.</param>
    public ConfigPath Append(int index) =>
        new(Segments.Add(PathSegment.ForIndex(index)), PathSyntax.JoinIndex(Text, index));

    /// <summary>True when <paramref name="prefix"/> is this path or one of its ancestors.</summary>
    /// <param name="prefix">The candidate prefix.</param>
    public bool StartsWith(ConfigPath prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Segments.Length > Segments.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Segments.Length; i++)
        {
            if (prefix.Segments[i] != Segments[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(ConfigPath? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConfigPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Equality operator.</summary>
    /// <param name="left">Left side.</param>
    /// <param name="right">Right side.</param>
    public static bool operator ==(ConfigPath? left, ConfigPath? right) => left?.Equals(right) ?? right is null;

    /// <summary>Inequality operator.</summary>
    /// <param name="left">Left side.</param>
    /// <param name="right">Right side.</param>
    public static bool operator !=(ConfigPath? left, ConfigPath? right) => !(left == right);

    private static void Append(StringBuilder sb, PathSegment s)
    {
        if (s.IsIndex)
        {
            sb.Append('[').Append(s.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        else
        {
            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            PathSyntax.AppendKey(sb, s.Key!);
        }
    }
}
