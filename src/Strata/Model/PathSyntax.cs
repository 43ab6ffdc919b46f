using System.Globalization;
using System.Text;

namespace Strata.Model;

/// <summary>
/// The one path grammar: keys joined by <c>.</c>, list indexes as <c>[n]</c>, and a key written in
/// backticks (a backtick inside doubled) when it cannot be written bare. See <see cref="ConfigPath"/>.
/// </summary>
internal static class PathSyntax
{
    /// <summary>True when <paramref name="key"/> prints as itself: non-empty, no leading or trailing white space, no special or control character.</summary>
    public static bool IsBare(string key)
    {
        if (key.Length == 0 || char.IsWhiteSpace(key[0]) || char.IsWhiteSpace(key[^1]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (IsSpecial(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a character a bare key may not hold: <c>. [ ] ` * =</c> and control characters.</summary>
    public static bool IsSpecial(char c) => c is '.' or '[' or ']' or '`' or '*' or '=' || char.IsControl(c);

    /// <summary>The key as it prints in a path: bare, or in backticks.</summary>
    public static string FormatKey(string key) => IsBare(key) ? key : Quote(key);

    /// <summary>Appends the key as it prints in a path.</summary>
    public static void AppendKey(StringBuilder sb, string key)
    {
        if (IsBare(key))
        {
            sb.Append(key);
            return;
        }

        sb.Append('`');
        foreach (var c in key)
        {
            sb.Append(c);
            if (c == '`')
            {
                sb.Append('`');
            }
        }

        sb.Append('`');
    }

    /// <summary>The text of the path <paramref name="prefix"/> (null for the root) extended by a key.</summary>
    public static string JoinKey(string? prefix, string key)
    {
        var formatted = FormatKey(key);
        return string.IsNullOrEmpty(prefix) ? formatted : string.Concat(prefix, ".", formatted);
    }

    /// <summary>The text of the path <paramref name="prefix"/> extended by a list index.</summary>
    public static string JoinIndex(string? prefix, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}[{index}]");

    /// <summary>Writes a key in backticks, doubling any backtick inside it.</summary>
    public static string Quote(string key) => "`" + key.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>
    /// Reads a backtick-quoted key starting at <paramref name="i"/> (which holds the opening backtick) and
    /// leaves <paramref name="i"/> just past the closing one.
    /// </summary>
    public static bool TryReadQuoted(string text, ref int i, out string key, out string? error)
    {
        var start = i;
        var sb = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            if (text[i] == '`')
            {
                if (i + 1 < text.Length && text[i + 1] == '`')
                {
                    sb.Append('`');
                    i += 2;
                    continue;
                }

                i++;
                key = sb.ToString();
                error = null;
                return true;
            }

            sb.Append(text[i]);
            i++;
        }

        key = string.Empty;
        error = $"'{Echo(text)}': the backtick at position {start + 1} is never closed";
        return false;
    }

    /// <summary>
    /// The position of the first <paramref name="separator"/> at or after <paramref name="start"/> outside
    /// backtick-quoted keys, or -1. Used to split <c>key=value</c> or to find the end of <c>${path}</c>, so
    /// that a quoted key may hold the separator.
    /// </summary>
    public static int IndexOutsideQuotes(string text, string separator, int start = 0)
    {
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '`')
            {
                // A doubled backtick inside a quoted key flips twice and stays quoted.
                quoted = !quoted;
            }
            else if (!quoted && text.AsSpan(i).StartsWith(separator, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Path text as an error message shows it: control characters as <c>\uXXXX</c>, so the message stays one line.</summary>
    public static string Echo(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>How a character is shown in an error message.</summary>
    public static string Show(char c) => char.IsControl(c) || char.IsSurrogate(c)
        ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
        : "'" + c + "'";
}
