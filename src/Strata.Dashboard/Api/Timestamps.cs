using System.Globalization;

namespace Strata.Dashboard.Api;

/// <summary>Times as in the jsonl contract: UTC, milliseconds, <c>Z</c>.</summary>
internal static class Timestamps
{
    /// <summary>Formats a time as <c>2026-11-27T22:10:00.123Z</c>.</summary>
    /// <param name="time">The time.</param>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
