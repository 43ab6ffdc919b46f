using System.Text;
using System.Text.Json;
using Strata.Model;
using static Strata.Etcd.Storage.JsonFields;

namespace Strata.Etcd.Instances;

/// <summary>Writes and reads the JSON of an instance record, field by field (no reflection, so trimming keeps it).</summary>
internal static class InstanceJson
{
    public static string Write(EtcdInstanceRecord record)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer, record);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static void WriteTo(Utf8JsonWriter writer, EtcdInstanceRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("id", record.Id);
        writer.WriteString("host", record.Host);
        writer.WriteNumber("pid", record.Pid);
        writer.WriteString("environment", record.Environment);
        WriteNullable(writer, "agent", record.Agent);
        WriteNullable(writer, "release", record.Release);
        writer.WriteNumber("version", record.Version);
        writer.WriteString("contentHash", record.ContentHash);
        writer.WriteString("state", EtcdInstanceRecord.StateName(record.State));
        writer.WriteStartArray("errors");
        foreach (var error in record.Errors)
        {
            writer.WriteStartObject();
            writer.WriteString("file", error.File);
            writer.WriteNumber("line", error.Line);
            writer.WriteNumber("column", error.Column);
            writer.WriteString("path", error.Path);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNullable(writer, "wave", record.Wave);
        writer.WriteString("updated", Time(record.Updated));
        writer.WriteEndObject();
    }

    /// <summary>Reads a record; null when the value is not one (written by something else, or damaged).</summary>
    public static EtcdInstanceRecord? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var errors = new List<ConfigurationError>();
            if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in list.EnumerateArray())
                {
                    errors.Add(new ConfigurationError(Text(e, "file") ?? string.Empty, (int)(Number(e, "line") ?? 0), (int)(Number(e, "column") ?? 0), Text(e, "path") ?? string.Empty, Text(e, "message") ?? string.Empty));
                }
            }

            return new EtcdInstanceRecord(
                id.GetString()!,
                Text(root, "host") ?? string.Empty,
                (int)(Number(root, "pid") ?? 0),
                Text(root, "environment") ?? string.Empty,
                Text(root, "agent"),
                Number(root, "release"),
                Number(root, "version") ?? 0,
                Text(root, "contentHash") ?? string.Empty,
                ParseState(Text(root, "state")),
                errors,
                Number(root, "wave") is { } wave ? (int)wave : null,
                Date(root, "updated") ?? DateTimeOffset.MinValue);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static EtcdInstanceState ParseState(string? text) => text switch
    {
        "rejected" => EtcdInstanceState.Rejected,
        "unhealthy" => EtcdInstanceState.Unhealthy,
        "holding" => EtcdInstanceState.Holding,
        _ => EtcdInstanceState.Applied,
    };
}
