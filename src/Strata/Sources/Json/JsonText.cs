using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Strata.Sources.Json;

/// <summary>Checks on raw JSON bytes that <see cref="System.Text.Json.Utf8JsonReader"/> leaves to the caller.</summary>
internal static class JsonText
{
    private const int MaxMessage = 200;

    /// <summary>
    /// True when the reader's current string or property name reads as <paramref name="text"/>. An unescaped ASCII
    /// token is compared byte for character; anything else goes to <see cref="Utf8JsonReader.ValueTextEquals(string)"/>,
    /// which transcodes <paramref name="text"/> to UTF-8 first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ValueEquals(ref Utf8JsonReader reader, string text)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var raw = reader.ValueSpan;
            if (raw.Length == text.Length && Ascii.Equals(raw, text))
            {
                return true;
            }

            // An ASCII token equals only an ASCII text of its length, which the comparison above has ruled out.
            if (Ascii.IsValid(raw))
            {
                return false;
            }
        }

        return reader.ValueTextEquals(text);
    }

    /// <summary>
    /// In the raw (still escaped) text of a string, the offset of the first <c>\u</c> escape of a
    /// surrogate that is not part of a high-low pair, or -1. The reader has already checked that every
    /// <c>\u</c> is followed by four hex digits.
    /// </summary>
    public static int FindUnpairedSurrogate(ReadOnlySpan<byte> raw)
    {
        var pendingHigh = -1;
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                if (pendingHigh >= 0)
                {
                    return pendingHigh;
                }

                i++;
                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                if (pendingHigh >= 0)
                {
                    return pendingHigh;
                }

                i += 2;
                continue;
            }

            var unit = Hex(raw.Slice(i + 2, 4));
            if (char.IsHighSurrogate(unit))
            {
                if (pendingHigh >= 0)
                {
                    return pendingHigh;
                }

                pendingHigh = i;
            }
            else if (char.IsLowSurrogate(unit))
            {
                if (pendingHigh < 0)
                {
                    return i;
                }

                pendingHigh = -1;
            }
            else if (pendingHigh >= 0)
            {
                return pendingHigh;
            }

            i += 6;
        }

        return pendingHigh;
    }

    /// <summary>
    /// The offset of the first byte at or after <paramref name="start"/> that is neither whitespace nor
    /// inside a <c>//</c> or <c>/* */</c> comment, or -1 when there is none. A block comment that never
    /// ends gives its own offset, with <paramref name="unclosedComment"/> set.
    /// </summary>
    public static int FindContent(ReadOnlySpan<byte> utf8, int start, out bool unclosedComment)
    {
        unclosedComment = false;
        var i = start;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
                continue;
            }

            if (b != (byte)'/' || i + 1 >= utf8.Length)
            {
                return i;
            }

            if (utf8[i + 1] == (byte)'/')
            {
                var end = utf8[(i + 2)..].IndexOfAny((byte)'\n', (byte)'\r');
                if (end < 0)
                {
                    return -1;
                }

                i += 2 + end;
            }
            else if (utf8[i + 1] == (byte)'*')
            {
                var end = utf8[(i + 2)..].IndexOf("*/"u8);
                if (end < 0)
                {
                    unclosedComment = true;
                    return i;
                }

                i += 2 + end + 2;
            }
            else
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A reader message as one short line: without its position suffix (the error carries the
    /// position), control characters escaped, and long quotes of the input shortened in the middle.
    /// </summary>
    public static string OneLine(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        var sb = new StringBuilder(message.Length);
        AppendPrintable(sb, message.TrimEnd('.'));
        return sb.Length <= MaxMessage ? sb.ToString() : string.Concat(sb.ToString(0, MaxMessage - 61), "…", sb.ToString(sb.Length - 60, 60));
    }

    /// <summary>Text with control characters (line breaks, tabs, ...) written as escapes, so it stays on one line.</summary>
    public static string Printable(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return AppendPrintable(new StringBuilder(text.Length + 8), text).ToString();
            }
        }

        return text;
    }

    private static StringBuilder AppendPrintable(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb;
    }

    private static char Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits)
        {
            value = (value << 4) | (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
        }

        return (char)value;
    }
}
