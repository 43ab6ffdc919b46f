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
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end;
            var hasTab = false;
            var blank = true;
            for (var k = start; k < stop && blank; k++)
            {
                switch (text[k])
                {
                    case '\t':
                        hasTab = true;
                        break;
                    case ' ':
                        break;
                    case '\r' when k == stop - 1:
                        break;
                    default:
                        blank = false;
                        break;
                }
            }

            if (blank && hasTab)
            {
                result.Add(line);
            }

            if (end < 0)
            {
                break;
            }

            start = end + 1;
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
        var next = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end;
            if (next < lines.Count && lines[next] == line)
            {
                next++;
                if (stop > start && text[stop - 1] == '\r')
                {
                    sb.Append('\r');
                }
            }
            else
            {
                sb.Append(text, start, stop - start);
            }

            if (end < 0)
            {
                break;
            }

            sb.Append('\n');
            start = end + 1;
            line++;
        }

        return sb.ToString();
    }

    /// <summary>The 1-based line and column of a character index.</summary>
    /// <param name="text">The text.</param>
    /// <param name="index">The index.</param>
    public static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var k = text.IndexOf('\n', 0, index); k >= 0; k = text.IndexOf('\n', k + 1, index - k - 1))
        {
            line++;
            lineStart = k + 1;
        }

        return (line, index - lineStart + 1);
    }

    // Directives open the stream: '%' lines before the first line of content. A '#' starts a
    // comment only after white space, so '%YAML 1.2#x' is a malformed directive.
    private static void CheckDirectives(string text, string source)
    {
        var line = 1;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end;
            var content = text.AsSpan(start, stop - start).TrimEnd('\r');
            var trimmed = content.TrimStart(" \t");
            if (content.Length > 0 && content[0] == '%')
            {
                for (var k = 1; k < content.Length; k++)
                {
                    if (content[k] == '#' && content[k - 1] is not (' ' or '\t'))
                    {
                        throw new ConfigurationLoadException(new ConfigurationError(
                            source, line, k + 1, string.Empty, "YAML syntax error: a comment after a directive must be separated from it by a space"));
                    }
                }
            }
            else if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                return;
            }

            if (end < 0)
            {
                return;
            }

            start = end + 1;
            line++;
        }
    }

    /// <summary>Line starts of a text, for reading a line by its number.</summary>
    internal sealed class Lines
    {
        private readonly string _text;
        private readonly List<int> _starts = [0];

        public Lines(string text)
        {
            _text = text;
            for (var k = text.IndexOf('\n'); k >= 0; k = text.IndexOf('\n', k + 1))
            {
                _starts.Add(k + 1);
            }
        }

        /// <summary>The text of a 1-based line, without its line break; empty past the end.</summary>
        /// <param name="line">The line number.</param>
        public ReadOnlySpan<char> this[int line]
        {
            get
            {
                if (line < 1 || line > _starts.Count)
                {
                    return [];
                }

                var start = _starts[line - 1];
                var stop = line < _starts.Count ? _starts[line] - 1 : _text.Length;
                return _text.AsSpan(start, stop - start).TrimEnd('\r');
            }
        }
    }
}
