using System.Text;
using System.Text.Json;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Serialization;

/// <summary>
/// Writes changes in the shape of the <c>watch --format jsonl</c> contract: <c>{"path","kind","old","new"}</c>, kind one of
/// added / removed / modified, values as JSON (numbers stay numbers), secrets as <c>"***"</c>.
/// </summary>
internal static class ChangeJson
{
    /// <summary>The contract spelling of a change kind.</summary>
    /// <param name="kind">The kind.</param>
    public static string KindName(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        _ => "modified",
    };

    /// <summary>Writes one change object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="change">The change.</param>
    /// <param name="redactor">Masks secrets when given.</param>
    public static void Write(Utf8JsonWriter writer, ConfigChange change, SecretRedactor? redactor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(change);
        writer.WriteStartObject();
        writer.WriteString("path", change.Path.Text);
        writer.WriteString("kind", KindName(change.Kind));
        writer.WritePropertyName("old");
        ConfigJsonWriter.Write(writer, change.OldValue, redactor, change.Path);
        writer.WritePropertyName("new");
        ConfigJsonWriter.Write(writer, change.NewValue, redactor, change.Path);
        writer.WriteEndObject();
    }

    /// <summary>Writes an array of changes.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="redactor">Masks secrets when given.</param>
    public static void WriteArray(Utf8JsonWriter writer, IEnumerable<ConfigChange> changes, SecretRedactor? redactor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(changes);
        writer.WriteStartArray();
        foreach (var change in changes)
        {
            Write(writer, change, redactor);
        }

        writer.WriteEndArray();
    }

    /// <summary>Returns a JSON array of changes.</summary>
    /// <param name="changes">The changes.</param>
    /// <param name="redactor">Masks secrets when given.</param>
    public static string ToJson(IEnumerable<ConfigChange> changes, SecretRedactor? redactor)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteArray(writer, changes, redactor);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
