using Strata.Model;

namespace Strata.Sources;

/// <summary>
/// Checks on the raw YAML text that YamlDotNet does not make: byte order marks inside the text,
/// comments glued to a directive, and blank lines that hold a tab.
/// </summary>
internal static class YamlText
{
    /// <summary>The byte order mark as a character.</summary>
    public const char ByteOrderMark = '\uFEFF';

    private static readonly System.Buffers.SearchValues<char> Breaks = System.Buffers.SearchValues.Create("\r\n\u0085\u2028\u2029");

    /// <summary>The text without one leading byte order mark.</summary>
    /// <param name="text">The text.</param>
    public static string WithoutLeadingBom(string text) =>
        text.Length > 0 && text[0] == ByteOrderMark ? text[1..] : text;

    /// <summary>
    /// Throws for a byte order mark left in the text (it would end up inside a key, a value or a
    /// comment) and for a comment that touches a directive (<c>%YAML 1.2#note</c>).
    /// </summary>
    /// <param name="text">The text, its leading byte order mark removed.</param>
    /// <param name="source">The source name for errors.</param>
    public static void Check(string text, string source)
    {
        var bom = text.IndexOf(ByteOrderMark, StringComparison.Ordinal);
        if (bom >= 0)
        {
            var (line, column) = Position(text, bom);
            throw new ConfigurationLoadException(new ConfigurationError(
                source, line, column, string.Empty, "unexpected byte order mark (U+FEFF) in the text; only one may open the file (write \\uFEFF in a double-quoted string to mean the character)"));
        }

        CheckDirectives(text, source);
    }

    /// <summary>The 1-based numbers of the lines that hold only spaces and tabs, with at least one tab.</summary>
    /// <param name="text">The text.</param>
    public static List<int> TabOnlyLines(string text)
    {
        var result = new List<int>();
        var line = 1;
        foreach (var (start, stop, _) in LineSpans(text))
        {
            var content = text.AsSpan(start, stop - start);
            if (content.Contains('\t') && content.Trim(" \t").IsEmpty)
            {
                result.Add(line);
            }

            line++;
        }

        return result;
    }

    /// <summary>The text with the given lines emptied (their line breaks kept), so every other position stays.</summary>
    /// <param name="text">The text.</param>
    /// <param name="lines">1-based line numbers, ascending.</param>
    public static string EmptyLines(string text, List<int> lines)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        var line = 1;
        var k = 0;
        foreach (var (start, stop, next) in LineSpans(text))
        {
            if (k < lines.Count && lines[k] == line)
            {
                k++;
            }
            else
            {
                sb.Append(text, start, stop - start);
            }

            sb.Append(text, stop, next - stop);
            line++;
        }

        return sb.ToString();
    }

    /// <summary>
    /// Each line as its start, the end of its content and the start of the next line. Line breaks
    /// are those YamlDotNet counts: CR LF, CR, LF, NEL, LS and PS.
    /// </summary>
    /// <param name="text">The text.</param>
    public static IEnumerable<(int Start, int Stop, int Next)> LineSpans(string text)
    {
        var start = 0;
        while (true)
        {
            var stop = text.AsSpan(start).IndexOfAny(Breaks);
            if (stop < 0)
            {
                yield return (start, text.Length, text.Length);
                yield break;
            }

            stop += start;
            var next = stop + (text[stop] == '\r' && stop + 1 < text.Length && text[stop + 1] == '\n' ? 2 : 1);
            yield return (start, stop, next);
            start = next;
        }
    }

    /// <summary>
    /// The position, moved from past the end of the text to the end of its last line: at the end of
    /// a text without a final line break, YamlDotNet reports the start of a line that does not exist.
    /// </summary>
    /// <param name="text">The text that was read.</param>
    /// <param name="mark">A position YamlDotNet reported.</param>
    public static YamlDotNet.Core.Mark Inside(string text, YamlDotNet.Core.Mark mark)
    {
        if (mark.Index < text.Length || text.Length == 0 || IsBreak(text[^1]) || mark.Line <= 1)
        {
            return mark;
        }

        var lastLine = text.Length;
        while (lastLine > 0 && !IsBreak(text[lastLine - 1]))
        {
            lastLine--;
        }

        return new YamlDotNet.Core.Mark(text.Length, mark.Line - 1, text.Length - lastLine + 1);
    }

    private static bool IsBreak(char c) => Breaks.Contains(c);

    /// <summary>The 1-based line and column of a character index.</summary>
    /// <param name="text">The text.</param>
    /// <param name="index">The index.</param>
    public static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        foreach (var (start, stop, next) in LineSpans(text))
        {
            if (index < next || stop == text.Length)
            {
                return (line, index - start + 1);
            }

            line++;
        }

        return (line, 1);
    }

    // Directives open the stream: '%' lines before the first line of content. A '#' starts a
    // comment only after white space, and a YAML version holds none, so '%YAML 1.2#x' is malformed.
    // (A '#' inside a %TAG prefix is part of the URI.)
    private static void CheckDirectives(string text, string source)
    {
        var line = 1;
        foreach (var (start, stop, _) in LineSpans(text))
        {
            var content = text.AsSpan(start, stop - start);
            var trimmed = content.TrimStart(" \t");
            if (content.StartsWith("%YAML", StringComparison.Ordinal))
            {
                for (var k = 1; k < content.Length; k++)
                {
                    if (content[k] != '#')
                    {
                        continue;
                    }

                    if (content[k - 1] is ' ' or '\t')
                    {
                        break;
                    }

                    throw new ConfigurationLoadException(new ConfigurationError(
                        source, line, k + 1, string.Empty, "YAML syntax error: a comment after a directive must be separated from it by a space"));
                }
            }
            else if (trimmed.Length > 0 && trimmed[0] is not ('#' or '%'))
            {
                return;
            }

            line++;
        }
    }

    /// <summary>Lines of a text, for reading a line by its number.</summary>
    internal sealed class Lines(string text)
    {
        private readonly List<(int Start, int Stop, int Next)> _spans = [.. LineSpans(text)];

        /// <summary>The text of a 1-based line, without its line break; empty past the end.</summary>
        /// <param name="line">The line number.</param>
        public ReadOnlySpan<char> this[int line] =>
            line < 1 || line > _spans.Count ? [] : text.AsSpan(_spans[line - 1].Start, _spans[line - 1].Stop - _spans[line - 1].Start);
    }
}
