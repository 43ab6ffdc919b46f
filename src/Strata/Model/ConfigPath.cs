using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Strata.Model;

/// <summary>
/// A parsed path into a configuration tree: <c>redis.port</c>, <c>curriculum_phases[1].steps</c>.
/// Parse once, compare cheaply: equality and hashing use the canonical text.
/// </summary>
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

    /// <summary>The canonical text, e.g. <c>a.b[2].c</c>.</summary>
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
    /// <param name="error">Why parsing failed.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ConfigPath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a key path cannot be empty";
            return false;
        }

        var segments = ImmutableArray.CreateBuilder<PathSegment>();
        var i = 0;
        var expectKey = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    error = $"'{text}': '[' at position {i + 1} is never closed";
                    return false;
                }

                var digits = text.AsSpan(i + 1, close - i - 1);
                if (digits.IsEmpty || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"'{text}': '[{digits}]' is not a list index (a whole number from 0)";
                    return false;
                }

                if (segments.Count == 0)
                {
                    error = $"'{text}': a path must start with a key, not an index";
                    return false;
                }

                segments.Add(PathSegment.ForIndex(index));
                i = close + 1;
                expectKey = false;
                continue;
            }

            if (c == '.')
            {
                if (expectKey || i == text.Length - 1)
                {
                    error = $"'{text}': empty key at position {i + 1}";
                    return false;
                }

                i++;
                expectKey = true;
                continue;
            }

            if (!expectKey)
            {
                error = $"'{text}': expected '.' or '[' at position {i + 1}";
                return false;
            }

            var start = i;
            while (i < text.Length && text[i] is not ('.' or '[' or ']'))
            {
                i++;
            }

            if (i < text.Length && text[i] == ']')
            {
                error = $"'{text}': unexpected ']' at position {i + 1}";
                return false;
            }

            var key = text[start..i];
            if (key.Trim().Length != key.Length)
            {
                error = $"'{text}': key '{key}' has leading or trailing spaces";
                return false;
            }

            segments.Add(PathSegment.ForKey(key));
            expectKey = false;
        }

        if (expectKey)
        {
            error = $"'{text}': the path ends with '.'";
            return false;
        }

        path = FromSegments(segments.ToImmutable());
        error = null;
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
        new(Segments.Add(PathSegment.ForKey(key)), IsRoot ? key : Text + "." + key);

    /// <summary>Returns this path extended by a sequence index.</summary>
    /// <param name="index">The index.</param>
    public ConfigPath Append(int index) =>
        new(Segments.Add(PathSegment.ForIndex(index)), Text + "[" + index.ToString(CultureInfo.InvariantCulture) + "]");

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

            sb.Append(s.Key);
        }
    }
}
