using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Strata.Model;

namespace Strata.Validation;

/// <summary>
/// A key path that may hold wildcards: <c>redis.port</c>, <c>population.agent_ratios.*</c> (every key of a map),
/// <c>curriculum_phases[*].steps</c> (every item of a list). Apart from the wildcards <c>*</c> (one key) and
/// <c>[*]</c> (one list item), it is the grammar of <see cref="ConfigPath"/>: a key with dots, brackets, a
/// backtick, <c>*</c>, <c>=</c>, a control character or outer spaces is written in backticks
/// (<c>`odd.key`.value</c>, <c>`*`</c> for a key named <c>*</c>). Equality and hashing use the canonical text.
/// </summary>
internal sealed class KeyPattern : IEquatable<KeyPattern>
{
    private KeyPattern(ImmutableArray<PatternSegment> segments)
    {
        Segments = segments;
        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            if (sb.Length > 0 && !s.IsListStep)
            {
                sb.Append('.');
            }

            sb.Append(s.ToString());
        }

        Text = sb.ToString();
        HasWildcards = segments.Any(s => s.IsWildcard);
    }

    /// <summary>The pattern that matches only the root.</summary>
    public static KeyPattern Root { get; } = new([]);

    /// <summary>The segments, outermost first.</summary>
    public ImmutableArray<PatternSegment> Segments { get; }

    /// <summary>The canonical text.</summary>
    public string Text { get; }

    /// <summary>True when any segment is <c>*</c> or <c>[*]</c>.</summary>
    public bool HasWildcards { get; }

    /// <summary>True for the root pattern (no segments).</summary>
    public bool IsRoot => Segments.IsEmpty;

    /// <summary>The pattern one level up; the root's parent is the root.</summary>
    public KeyPattern Parent => Segments.Length <= 1 ? Root : new(Segments.RemoveAt(Segments.Length - 1));

    /// <summary>Parses a pattern, throwing <see cref="FormatException"/> with a readable message when it is malformed.</summary>
    /// <param name="text">The pattern text.</param>
    public static KeyPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);
    }

    /// <summary>Parses a pattern.</summary>
    /// <param name="text">The text.</param>
    /// <param name="pattern">The pattern, when valid.</param>
    /// <param name="error">What is wrong, when not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out KeyPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a key path cannot be empty";
            return false;
        }

        var segments = ImmutableArray.CreateBuilder<PatternSegment>();
        var reader = new PathReader(text, wildcards: true);
        while (reader.TryNext(out var token, out error))
        {
            segments.Add(token.Kind switch
            {
                PathTokenKind.Key => PatternSegment.ForKey(token.Key!),
                PathTokenKind.Index => PatternSegment.ForIndex(token.Index),
                PathTokenKind.AnyKey => PatternSegment.AnyKey,
                _ => PatternSegment.AnyIndex,
            });
        }

        if (error is not null)
        {
            return false;
        }

        pattern = new KeyPattern(segments.ToImmutable());
        error = null;
        return true;
    }

    /// <summary>Builds a pattern from segments.</summary>
    /// <param name="segments">The segments.</param>
    public static KeyPattern FromSegments(IEnumerable<PatternSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var array = segments.ToImmutableArray();
        if (!array.IsEmpty && array[0].IsListStep)
        {
            throw new ArgumentException("a path must start with a key, not an index", nameof(segments));
        }

        return array.IsEmpty ? Root : new KeyPattern(array);
    }

    /// <summary>The pattern that matches exactly one concrete path.</summary>
    /// <param name="path">The path.</param>
    public static KeyPattern FromPath(ConfigPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromSegments(path.Segments.Select(s => s.IsIndex ? PatternSegment.ForIndex(s.Index) : PatternSegment.ForKey(s.Key!)));
    }

    /// <summary>Writes a key as a path segment: bare, or in backticks when <see cref="ConfigPath"/> requires it (so <c>*</c> as a key is <c>`*`</c>).</summary>
    /// <param name="key">The key.</param>
    public static string QuoteKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return PathSyntax.FormatKey(key);
    }

    /// <summary>The concrete path, when the pattern has no wildcards.</summary>
    /// <param name="path">The path.</param>
    public bool TryGetPath([NotNullWhen(true)] out ConfigPath? path)
    {
        if (HasWildcards)
        {
            path = null;
            return false;
        }

        path = ConfigPath.FromSegments([.. Segments.Select(s => s.Kind == PatternSegmentKind.Key ? Model.PathSegment.ForKey(s.Key!) : Model.PathSegment.ForIndex(s.Index))]);
        return true;
    }

    /// <summary>True when the concrete <paramref name="path"/> matches this pattern.</summary>
    /// <param name="path">The path.</param>
    public bool Matches(ConfigPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Segments.Length != Segments.Length)
        {
            return false;
        }

        for (var i = 0; i < Segments.Length; i++)
        {
            if (!SegmentMatches(Segments[i], path.Segments[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every node of <paramref name="root"/> this pattern matches, in document order, with its concrete path.</summary>
    /// <param name="root">The tree.</param>
    public IEnumerable<KeyValuePair<ConfigPath, ConfigNode>> Match(ConfigNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return MatchFrom(root, ConfigPath.Root, 0);
    }

    /// <summary>
    /// Replaces the first <paramref name="prefix"/>.Segments.Length segments with the concrete ones of <paramref name="prefix"/>.
    /// Used to bind a rule's wildcards to one item.
    /// </summary>
    internal KeyPattern Bind(ConfigPath prefix)
    {
        var n = prefix.Segments.Length;
        var bound = ImmutableArray.CreateBuilder<PatternSegment>(Segments.Length);
        for (var i = 0; i < Segments.Length; i++)
        {
            if (i < n)
            {
                var s = prefix.Segments[i];
                bound.Add(s.IsIndex ? PatternSegment.ForIndex(s.Index) : PatternSegment.ForKey(s.Key!));
            }
            else
            {
                bound.Add(Segments[i]);
            }
        }

        return new KeyPattern(bound.MoveToImmutable());
    }

    /// <summary>Substitutes wildcards, in order, with the concrete segments at the same positions of <paramref name="match"/>.</summary>
    internal KeyPattern BindWildcardsFrom(ConfigPath match)
    {
        var bound = ImmutableArray.CreateBuilder<PatternSegment>(Segments.Length);
        for (var i = 0; i < Segments.Length; i++)
        {
            var s = Segments[i];
            if (s.IsWildcard && i < match.Segments.Length && match.Segments[i].IsIndex == (s.Kind == PatternSegmentKind.AnyIndex))
            {
                var m = match.Segments[i];
                bound.Add(m.IsIndex ? PatternSegment.ForIndex(m.Index) : PatternSegment.ForKey(m.Key!));
            }
            else
            {
                bound.Add(s);
            }
        }

        return new KeyPattern(bound.MoveToImmutable());
    }

    /// <inheritdoc />
    public bool Equals(KeyPattern? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as KeyPattern);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => Text;

    internal static bool TryReadQuoted(string text, ref int i, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error)
    {
        var read = PathSyntax.TryReadQuoted(text, ref i, out var quoted, out error);
        key = read ? quoted : null;
        return read;
    }

    private static bool SegmentMatches(PatternSegment pattern, Model.PathSegment segment) => pattern.Kind switch
    {
        PatternSegmentKind.Key => !segment.IsIndex && string.Equals(pattern.Key, segment.Key, StringComparison.Ordinal),
        PatternSegmentKind.AnyKey => !segment.IsIndex,
        PatternSegmentKind.Index => segment.IsIndex && segment.Index == pattern.Index,
        _ => segment.IsIndex,
    };

    private IEnumerable<KeyValuePair<ConfigPath, ConfigNode>> MatchFrom(ConfigNode node, ConfigPath path, int depth)
    {
        if (depth == Segments.Length)
        {
            yield return new(path, node);
            yield break;
        }

        var segment = Segments[depth];
        switch (segment.Kind)
        {
            case PatternSegmentKind.Key when node is ConfigMap map && map.TryGetValue(segment.Key!, out var child):
                foreach (var m in MatchFrom(child, path.Append(segment.Key!), depth + 1))
                {
                    yield return m;
                }

                break;
            case PatternSegmentKind.AnyKey when node is ConfigMap map:
                foreach (var (key, value) in map)
                {
                    foreach (var m in MatchFrom(value, path.Append(key), depth + 1))
                    {
                        yield return m;
                    }
                }

                break;
            case PatternSegmentKind.Index when node is ConfigSequence seq && segment.Index < seq.Count:
                foreach (var m in MatchFrom(seq[segment.Index], path.Append(segment.Index), depth + 1))
                {
                    yield return m;
                }

                break;
            case PatternSegmentKind.AnyIndex when node is ConfigSequence seq:
                for (var i = 0; i < seq.Count; i++)
                {
                    foreach (var m in MatchFrom(seq[i], path.Append(i), depth + 1))
                    {
                        yield return m;
                    }
                }

                break;
        }
    }
}
