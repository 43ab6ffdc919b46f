using System.Text;
using System.Text.Json;
using Strata.Model;

namespace Strata.Migration;

/// <summary>
/// Writes a migrated tree back to a JSON file, indented. Unlike display output, floats keep their decimal point
/// (<c>5.0</c>, not <c>5</c>), so the file reads back with the same types.
/// </summary>
internal static class MigratedJsonWriter
{
    public static string Write(ConfigMap root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, root);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter writer, ConfigNode node)
    {
        switch (node)
        {
            case ConfigMap map:
                writer.WriteStartObject();
                foreach (var (key, child) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, child);
                }

                writer.WriteEndObject();
                break;
            case ConfigSequence seq:
                writer.WriteStartArray();
                foreach (var item in seq)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ConfigScalar { ScalarKind: ScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case ConfigScalar { ScalarKind: ScalarKind.Bool } b:
                writer.WriteBooleanValue(b.BoolValue);
                break;
            case ConfigScalar { ScalarKind: ScalarKind.Int } i:
                writer.WriteNumberValue(i.IntValue);
                break;
            case ConfigScalar { ScalarKind: ScalarKind.Float } f when double.IsFinite(f.FloatValue):
                writer.WriteRawValue(ConfigScalar.FormatFloat(f.FloatValue), skipInputValidation: false);
                break;
            case ConfigScalar s:
                // Infinity and NaN have no JSON spelling; as strings they would not read back as numbers,
                // which the tool's read-back check reports instead of writing the file.
                writer.WriteStringValue(s.AsText());
                break;
        }
    }
}
