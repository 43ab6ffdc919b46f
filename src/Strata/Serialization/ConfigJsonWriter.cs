using System.Text;
using System.Text.Json;
using Strata.Model;
using Strata.Secrets;

namespace Strata.Serialization;

/// <summary>Writes configuration trees as JSON. Numbers stay numbers; secrets can be masked on the way out.</summary>
internal static class ConfigJsonWriter
{
    /// <summary>Writes a node.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="node">The node.</param>
    /// <param name="redactor">When given, secret values are written as <c>***</c>.</param>
    /// <param name="path">The path of <paramref name="node"/>, used to recognise secrets.</param>
    public static void Write(Utf8JsonWriter writer, ConfigNode? node, SecretRedactor? redactor = null, ConfigPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        path ??= ConfigPath.Root;
        if (node is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (redactor is not null && !path.IsRoot && node is not ConfigMap && redactor.IsSecret(path, node))
        {
            writer.WriteStringValue(SecretRedactor.Mask);
            return;
        }

        switch (node)
        {
            case ConfigMap map:
                writer.WriteStartObject();
                foreach (var (key, child) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, child, redactor, path.Append(key));
                }

                writer.WriteEndObject();
                break;
            case ConfigSequence seq:
                writer.WriteStartArray();
                for (var i = 0; i < seq.Count; i++)
                {
                    Write(writer, seq[i], redactor, path.Append(i));
                }

                writer.WriteEndArray();
                break;
            case ConfigScalar s:
                WriteScalar(writer, s);
                break;
        }
    }

    /// <summary>Returns the JSON text of a node.</summary>
    /// <param name="node">The node.</param>
    /// <param name="redactor">When given, secret values are written as <c>***</c>.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <param name="path">The path of <paramref name="node"/>.</param>
    public static string ToJson(ConfigNode? node, SecretRedactor? redactor = null, bool indented = false, ConfigPath? path = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, node, redactor, path);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteScalar(Utf8JsonWriter writer, ConfigScalar s)
    {
        switch (s.ScalarKind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Bool:
                writer.WriteBooleanValue(s.BoolValue);
                break;
            case ScalarKind.Int:
                writer.WriteNumberValue(s.IntValue);
                break;
            case ScalarKind.Float when double.IsFinite(s.FloatValue):
                writer.WriteNumberValue(s.FloatValue);
                break;
            case ScalarKind.Float:
                writer.WriteStringValue(s.AsText());
                break;
            default:
                writer.WriteStringValue(s.StringValue);
                break;
        }
    }
}
