using System.Text.Json;
using Strata.Secrets;
using Strata.Model;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Dashboard.Api;

/// <summary>
/// <c>GET api/snapshot</c>: <c>{"version","contentHash","timestamp","environment","agent","keys":[{"path","value","origin",
/// "overrides","secret"}]}</c>, one key per leaf as <c>show --explain</c> lists them; each override is an origin with the
/// value it held. Secrets as <c>"***"</c>.
/// </summary>
internal static class SnapshotJson
{
    /// <summary>Writes the document.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="redactor">Masks secrets.</param>
    public static void Write(Utf8JsonWriter writer, ConfigSnapshot snapshot, SecretRedactor redactor)
    {
        writer.WriteStartObject();
        writer.WriteNumber("version", snapshot.Version);
        writer.WriteString("contentHash", snapshot.ContentHash);
        writer.WriteString("timestamp", Timestamps.Format(snapshot.Timestamp));
        writer.WriteString("environment", snapshot.Environment);
        writer.WriteString("agent", snapshot.Agent);
        writer.WriteStartArray("keys");
        foreach (var key in snapshot.Keys)
        {
            var e = snapshot.Explain(key);

            // A key secret in any layer is secret in every layer: what an overridden layer held is masked too.
            var secret = redactor.IsSecret(e.Path, e.Value) || e.Overridden.Any(o => redactor.IsSecret(e.Path, o.Value));
            writer.WriteStartObject();
            writer.WriteString("path", e.Path.Text);
            writer.WritePropertyName("value");
            WriteValue(writer, e.Value, secret, redactor, e.Path);
            OriginJson.WriteProperty(writer, "origin", e.Winner);
            writer.WriteStartArray("overrides");
            foreach (var o in e.Overridden)
            {
                writer.WriteStartObject();
                OriginJson.WriteFields(writer, o.Value.Origin);
                writer.WritePropertyName("value");
                WriteValue(writer, o.Value, secret, redactor, e.Path);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("secret", secret);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, ConfigNode value, bool secret, SecretRedactor redactor, ConfigPath path)
    {
        if (secret)
        {
            writer.WriteStringValue(SecretRedactor.Mask);
        }
        else
        {
            ConfigJsonWriter.Write(writer, value, redactor, path);
        }
    }
}
