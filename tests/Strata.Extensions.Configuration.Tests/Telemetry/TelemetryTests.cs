using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Strata.Extensions.Configuration.Tests.Support;
using Strata.Reload;

namespace Strata.Extensions.Configuration.Tests.Telemetry;

/// <summary>The meter and activity source named "Strata", observed the way OpenTelemetry observes them.</summary>
[Collection(nameof(TelemetryRunsAlone))]
public sealed class TelemetryTests : IDisposable
{
    /// <summary>The name of the meter and the activity source, as documented for OpenTelemetry exporters.</summary>
    private const string TelemetryName = "Strata";

    private readonly TestDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reloads_failures_identical_writes_rollbacks_durations_and_the_version_are_measured()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelemetryName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();

        _dir.Write("base.yaml", "a: 1\n");
        using var config = (ConfigurationRoot)new ConfigurationBuilder().AddStrata(_dir.Path, o => o.Reload.Strategy = ReloadStrategy.Manual).Build();
        var reloader = config.Providers.OfType<StrataConfigurationProvider>().Single().Reloader;

        _dir.Write("base.yaml", "a: 2\n");
        Assert.Equal(ReloadStatus.Published, (await reloader.ReloadNowAsync()).Status);
        _dir.Write("base.yaml", "a: [\n");
        Assert.Equal(ReloadStatus.Failed, (await reloader.ReloadNowAsync()).Status);
        _dir.Write("base.yaml", "a: 2\n");
        Assert.Equal(ReloadStatus.Unchanged, (await reloader.ReloadNowAsync()).Status);
        Assert.Equal(ReloadStatus.RolledBack, (await reloader.RollbackAsync()).Status);
        listener.RecordObservableInstruments();

        var byName = measurements.ToLookup(m => m.Name);
        Assert.Equal(1, byName["strata.reloads"].Sum(m => m.Value));
        Assert.Equal(1, byName["strata.reload.failures"].Sum(m => m.Value));
        Assert.Equal(1, byName["strata.reload.identical"].Sum(m => m.Value));
        Assert.Equal(1, byName["strata.rollbacks"].Sum(m => m.Value));
        Assert.Equal(3, byName["strata.reload.duration"].Count());
        Assert.All(byName["strata.reload.duration"], m => Assert.True(m.Value >= 0));
        var version = Assert.Single(byName["strata.config.version"], m => Equals(m.Tags.GetValueOrDefault("strata.config.directory"), _dir.Path));
        Assert.Equal(3, version.Value);
    }

    [Fact]
    public async Task Each_reload_is_one_activity_and_a_failed_one_carries_the_error()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        _dir.Write("base.yaml", "a: 1\n");
        using var config = (ConfigurationRoot)new ConfigurationBuilder().AddStrata(_dir.Path, o => o.Reload.Strategy = ReloadStrategy.Manual).Build();
        var reloader = config.Providers.OfType<StrataConfigurationProvider>().Single().Reloader;
        _dir.Write("base.yaml", "a: 2\n");
        await reloader.ReloadNowAsync();
        _dir.Write("base.yaml", "a: [\n");
        await reloader.ReloadNowAsync();

        var activities = stopped.Where(a => a.OperationName == "strata.reload").ToList();
        Assert.Equal(2, activities.Count);
        Assert.Equal(ActivityStatusCode.Unset, activities[0].Status);
        Assert.Equal(1L, activities[0].GetTagItem("strata.version"));
        Assert.Equal(ActivityStatusCode.Error, activities[1].Status);
        Assert.StartsWith("base.yaml:", activities[1].StatusDescription, StringComparison.Ordinal);
        Assert.Equal("base.yaml", activities[1].GetTagItem("strata.files"));
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}

/// <summary>The meter's counters are process-wide, so telemetry tests run alone.</summary>
[CollectionDefinition(nameof(TelemetryRunsAlone), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;
