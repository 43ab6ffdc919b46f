using System.Globalization;
using System.Text;
using System.Text.Json;
using Strata.Model;

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
        writer.WriteString("updated", record.Updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
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
                root.TryGetProperty("updated", out var updated) && updated.ValueKind == JsonValueKind.String && updated.TryGetDateTimeOffset(out var at) ? at : DateTimeOffset.MinValue);
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

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } n)
        {
            writer.WriteNumber(name, n);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
