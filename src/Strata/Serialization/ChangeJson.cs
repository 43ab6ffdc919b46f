using System.Text;
using System.Text.Json;
using Strata.Model;
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
        var bothMasked = redactor is not null && IsSecretOnEitherSide(change, redactor);
        writer.WritePropertyName("old");
        WriteSide(writer, change.OldValue, redactor, change.Path, bothMasked);
        writer.WritePropertyName("new");
        WriteSide(writer, change.NewValue, redactor, change.Path, bothMasked);
        writer.WriteEndObject();
    }

    /// <summary>
    /// True when the old or the new value (a scalar or a list) is secret: a change that tags or untags a value shows
    /// <c>***</c> on both sides, so the clear text never stands next to the mask.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="redactor">Decides what is secret.</param>
    internal static bool IsSecretOnEitherSide(ConfigChange change, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(redactor);
        return IsSecretValue(change.OldValue) || IsSecretValue(change.NewValue);

        bool IsSecretValue(ConfigNode? node) => node is not null and not ConfigMap && redactor.IsSecret(change.Path, node);
    }

    private static void WriteSide(Utf8JsonWriter writer, ConfigNode? node, SecretRedactor? redactor, ConfigPath path, bool masked)
    {
        if (masked && node is not null)
        {
            writer.WriteStringValue(SecretRedactor.Mask);
            return;
        }

        ConfigJsonWriter.Write(writer, node, redactor, path);
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
