using System.Globalization;

namespace Strata.Snapshots;

/// <summary>
/// Parses durations written as <c>250ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c> (also combined,
/// <c>1m30s</c>), or as a .NET <see cref="TimeSpan"/> (<c>00:01:30</c>).
/// </summary>
internal static class DurationParser
{
    /// <summary>Parses a duration, throwing <see cref="FormatException"/> with a readable message.</summary>
    /// <param name="text">The text.</param>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a duration (e.g. 250ms, 5s, 2m, 1h, 00:01:30)");

    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var unit = text[unitStart..i];
            TimeSpan part;
            switch (unit)
            {
                case "ms": part = TimeSpan.FromMilliseconds(number); break;
                case "s" or "": part = TimeSpan.FromSeconds(number); break;
                case "m": part = TimeSpan.FromMinutes(number); break;
                case "h": part = TimeSpan.FromHours(number); break;
                case "d": part = TimeSpan.FromDays(number); break;
                default: return false;
            }

            total += part;
        }

        value = total;
        return true;
    }
}
