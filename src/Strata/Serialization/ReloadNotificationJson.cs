using System.Globalization;
using System.Text;
using System.Text.Json;
using Strata.Notifications;
using Strata.Secrets;

namespace Strata.Serialization;

/// <summary>
/// The one-object-per-event JSON contract (used by <c>strata watch --format jsonl</c> and the file channel):
/// <c>{"event","version","timestamp","files","changes","errors","message"}</c>; secrets as <c>"***"</c>.
/// </summary>
internal static class ReloadNotificationJson
{
    /// <summary>Writes the object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="notification">The notification.</param>
    /// <param name="redactor">Masks secrets; <see cref="SecretRedactor.Default"/> when null.</param>
    public static void Write(Utf8JsonWriter writer, ReloadNotification notification, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notification);
        redactor ??= SecretRedactor.Default;
        writer.WriteStartObject();
        writer.WriteString("event", ReloadNotification.EventName(notification.EventType));
        writer.WriteNumber("version", notification.Version);
        writer.WriteString("timestamp", notification.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteStartArray("files");
        foreach (var file in notification.Files)
        {
            writer.WriteStringValue(file);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("changes");
        ChangeJson.WriteArray(writer, notification.Changes, redactor);
        ConfigurationErrorJson.WriteProperty(writer, notification.Errors);
        writer.WriteString("message", notification.Message);
        writer.WriteEndObject();
    }

    /// <summary>Returns the object as one line of JSON.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="redactor">Masks secrets; <see cref="SecretRedactor.Default"/> when null.</param>
    public static string ToJsonLine(ReloadNotification notification, SecretRedactor? redactor = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, notification, redactor);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
