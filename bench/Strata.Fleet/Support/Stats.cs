using System.Globalization;

namespace Strata.Fleet.Support;

/// <summary>Percentiles by nearest rank, and the formatting of the tables.</summary>
internal static class Stats
{
    /// <summary>The nearest-rank percentile: of 40 values, p50 is the 20th smallest and p99 the largest.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "F1" : "F0", CultureInfo.InvariantCulture);

    public static string Num(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The 1-, 5- and 15-minute load averages, for the record of how busy the machine was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
