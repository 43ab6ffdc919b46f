using System.Globalization;
using Strata.Etcd.Instances;
using Strata.Etcd.Rollouts;

namespace Strata.Cli.Output;

/// <summary>The text form of a rollout record, shared by <c>rollout status</c>, <c>fleet status</c> and <c>publish</c>.</summary>
internal static class RolloutText
{
    /// <summary>One line: the release, the state and the wave.</summary>
    public static string Summary(EtcdRollout rollout)
    {
        var state = EtcdRollout.StateName(rollout.State);
        var text = rollout.State switch
        {
            EtcdRolloutState.Completed => $"release {rollout.Release} rolled out ({state} {Time(rollout.Finished ?? rollout.Updated)})",
            EtcdRolloutState.Aborted => $"release {rollout.Release} {state} {Time(rollout.Finished ?? rollout.Updated)}"
                + (rollout.RollbackRelease is { } back ? $"; release {back} restored the content of release {Number(rollout.PreviousRelease)}" : string.Empty),
            _ => $"release {rollout.Release} {state}, wave {rollout.CurrentWave} of {rollout.Waves.Count} open since {Time(rollout.WaveOpened)}",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{text}");
    }

    /// <summary>The whole record: summary, waves, thresholds, why it stopped and who failed (the summary alone for a completed one-wave publish).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="rollout">The record.</param>
    /// <param name="withSummary">False when the summary line was printed already.</param>
    public static void Write(TextWriter output, EtcdRollout rollout, bool withSummary = true)
    {
        if (withSummary)
        {
            output.WriteLine("rollout: " + Summary(rollout));
        }

        if (rollout.State == EtcdRolloutState.Completed && rollout.Waves.Count == 1)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  previous release {Number(rollout.PreviousRelease)}; bake {Seconds(rollout.Bake)} per wave; at most {rollout.MaxUnhealthy} unhealthy; started {Time(rollout.Started)}{(rollout.Driver is { } d ? "; last driven by " + d : string.Empty)}"));
        foreach (var wave in rollout.Waves)
        {
            var state = wave.Number < rollout.CurrentWave || wave.Number == rollout.CurrentWave && rollout.State == EtcdRolloutState.Completed ? "done"
                : wave.Number == rollout.CurrentWave ? (rollout.IsActive ? "open" : "stopped")
                : "waiting";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wave {wave.Number}  {wave.Target,-5}  {wave.Instances,3} instance(s) at the start  {state}"));
        }

        if (rollout.Reason is { } reason)
        {
            output.WriteLine("  reason: " + reason);
        }

        foreach (var failure in rollout.Failures)
        {
            output.WriteLine($"  {failure.Id}: {EtcdInstanceRecord.StateName(failure.State)}");
            foreach (var error in failure.Errors)
            {
                output.WriteLine("    " + error);
            }
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static string Number(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
