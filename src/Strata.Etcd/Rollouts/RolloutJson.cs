using System.Text;
using System.Text.Json;
using Strata.Etcd.Instances;
using static Strata.Etcd.Storage.JsonFields;

namespace Strata.Etcd.Rollouts;

/// <summary>Writes and reads the JSON of a rollout record, field by field (no reflection, so trimming keeps it).</summary>
internal static class RolloutJson
{
    public static string Write(EtcdRollout rollout, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteTo(writer, rollout);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static void WriteTo(Utf8JsonWriter writer, EtcdRollout rollout)
    {
        writer.WriteStartObject();
        writer.WriteNumber("release", rollout.Release);
        WriteNullable(writer, "previousRelease", rollout.PreviousRelease);
        writer.WriteString("state", EtcdRollout.StateName(rollout.State));
        writer.WriteNumber("currentWave", rollout.CurrentWave);
        writer.WriteStartArray("waves");
        foreach (var wave in rollout.Waves)
        {
            writer.WriteStartObject();
            writer.WriteNumber("wave", wave.Number);
            writer.WriteString("target", wave.Target);
            writer.WriteNumber("instances", wave.Instances);
            writer.WriteString("cutoff", wave.Cutoff);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("bakeSeconds", rollout.Bake.TotalSeconds);
        writer.WriteNumber("maxUnhealthy", rollout.MaxUnhealthy);
        writer.WriteString("started", Time(rollout.Started));
        writer.WriteString("waveOpened", Time(rollout.WaveOpened));
        writer.WriteString("updated", Time(rollout.Updated));
        if (rollout.Finished is { } finished)
        {
            writer.WriteString("finished", Time(finished));
        }
        else
        {
            writer.WriteNull("finished");
        }

        WriteNullable(writer, "driver", rollout.Driver);
        WriteNullable(writer, "reason", rollout.Reason);
        writer.WriteStartArray("failures");
        foreach (var failure in rollout.Failures)
        {
            InstanceJson.WriteTo(writer, failure);
        }

        writer.WriteEndArray();
        WriteNullable(writer, "rollbackRelease", rollout.RollbackRelease);
        writer.WriteEndObject();
    }

    /// <summary>Reads a rollout record; null when the value is not one (written by something else, or damaged).</summary>
    public static EtcdRollout? TryParse(ReadOnlySpan<byte> json, long revision)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Number(root, "release") is not > 0 || !root.TryGetProperty("waves", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var waves = new List<EtcdRolloutWave>();
            foreach (var w in list.EnumerateArray())
            {
                waves.Add(new EtcdRolloutWave((int)(Number(w, "wave") ?? waves.Count + 1), Text(w, "target") ?? string.Empty, (int)(Number(w, "instances") ?? 0), Text(w, "cutoff") ?? string.Empty));
            }

            if (waves.Count == 0 || ParseState(Text(root, "state")) is not { } state)
            {
                return null;
            }

            var failures = new List<EtcdInstanceRecord>();
            if (root.TryGetProperty("failures", out var failed) && failed.ValueKind == JsonValueKind.Array)
            {
                failures.AddRange(failed.EnumerateArray().Select(f => InstanceJson.TryParse(Encoding.UTF8.GetBytes(f.GetRawText()))).OfType<EtcdInstanceRecord>());
            }

            var bake = root.TryGetProperty("bakeSeconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(seconds.GetDouble()) : TimeSpan.Zero;
            return new EtcdRollout(
                Number(root, "release")!.Value,
                Number(root, "previousRelease"),
                state,
                (int)Math.Clamp(Number(root, "currentWave") ?? 1, 1, waves.Count),
                waves,
                bake,
                (int)(Number(root, "maxUnhealthy") ?? 0),
                Date(root, "started") ?? DateTimeOffset.MinValue,
                Date(root, "waveOpened") ?? DateTimeOffset.MinValue,
                Date(root, "updated") ?? DateTimeOffset.MinValue,
                Date(root, "finished"),
                Text(root, "driver"),
                Text(root, "reason"),
                failures,
                Number(root, "rollbackRelease"))
            { Revision = revision };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static EtcdRolloutState? ParseState(string? text) => text switch
    {
        "progressing" => EtcdRolloutState.Progressing,
        "paused" => EtcdRolloutState.Paused,
        "completed" => EtcdRolloutState.Completed,
        "aborted" => EtcdRolloutState.Aborted,
        _ => null,
    };
}
