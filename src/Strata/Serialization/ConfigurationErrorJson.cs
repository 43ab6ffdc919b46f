using System.Text.Json;
using Strata.Model;

namespace Strata.Serialization;

/// <summary>Writes errors in the shape of the <c>watch --format jsonl</c> contract: <c>{"file","line","column","path","message"}</c>.</summary>
internal static class ConfigurationErrorJson
{
    /// <summary>Writes <c>"errors": [...]</c>.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="errors">The errors.</param>
    public static void WriteProperty(Utf8JsonWriter writer, IEnumerable<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(errors);
        writer.WriteStartArray("errors");
        foreach (var error in errors)
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
    }
}
