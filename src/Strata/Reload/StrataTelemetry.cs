using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Strata.Reload;

/// <summary>
/// The meter and activity source named <c>Strata</c>, so OpenTelemetry exporters pick up reloads,
/// failures, rollbacks, durations and versions without extra code.
/// </summary>
internal static class StrataTelemetry
{
    /// <summary>The name of the meter and the activity source.</summary>
    public const string Name = "Strata";

    /// <summary>The activity source; one activity per reload (<c>strata.reload</c>).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>The meter.</summary>
    public static Meter Meter { get; } = new(Name);

    internal static Counter<long> Reloads { get; } = Meter.CreateCounter<long>("strata.reloads", description: "Reloads that published a new version");

    internal static Counter<long> Failures { get; } = Meter.CreateCounter<long>("strata.reload.failures", description: "Reloads that failed; the last known good version stayed");

    internal static Counter<long> Rollbacks { get; } = Meter.CreateCounter<long>("strata.rollbacks", description: "Rollbacks, manual and automatic");

    internal static Counter<long> Skipped { get; } = Meter.CreateCounter<long>("strata.reload.identical", description: "Reloads skipped because the content was identical");

    internal static Histogram<double> Duration { get; } = Meter.CreateHistogram<double>("strata.reload.duration", unit: "ms", description: "Duration of a pipeline run");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ConfigurationHotReloader, byte> Live = new();

    private static readonly ObservableGauge<long> VersionGauge = Meter.CreateObservableGauge(
        "strata.config.version",
        () => Live.Keys.Select(r => new Measurement<long>(r.CurrentVersionOrZero, new KeyValuePair<string, object?>("strata.config.directory", r.Manager.ConfigDirectory))),
        description: "Published configuration version of each live reloader");

    internal static void Track(ConfigurationHotReloader reloader)
    {
        _ = VersionGauge;
        Live.TryAdd(reloader, 0);
    }

    internal static void Untrack(ConfigurationHotReloader reloader) => Live.TryRemove(reloader, out _);
}
