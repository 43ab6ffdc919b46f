using System.Text.Json;
using Strata.Model;

namespace Strata.Serialization;

/// <summary>Writes an origin as <c>{"file","line","column","layer"}</c>, the shape of <c>show --explain --format json</c>.</summary>
internal static class OriginJson
{
    /// <summary>The layer's name in JSON and text output: global, environment, agent, env, cli or runtime.</summary>
    /// <param name="layer">The layer.</param>
    public static string LayerName(LayerKind layer) => layer switch
    {
        LayerKind.Global => "global",
        LayerKind.Environment => "environment",
        LayerKind.Agent => "agent",
        LayerKind.EnvironmentVariables => "env",
        LayerKind.CommandLine => "cli",
        _ => "runtime",
    };

    /// <summary>Writes <c>"name": {"file","line","column","layer"}</c>.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="origin">The origin.</param>
    public static void WriteProperty(Utf8JsonWriter writer, string name, Origin origin)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        Write(writer, origin);
    }

    /// <summary>Writes <c>{"file","line","column","layer"}</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="origin">The origin.</param>
    public static void Write(Utf8JsonWriter writer, Origin origin)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(origin);
        writer.WriteStartObject();
        WriteFields(writer, origin);
        writer.WriteEndObject();
    }

    /// <summary>Writes the four fields into the object the writer is in.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="origin">The origin.</param>
    public static void WriteFields(Utf8JsonWriter writer, Origin origin)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(origin);
        writer.WriteString("file", origin.Source);
        writer.WriteNumber("line", origin.Line);
        writer.WriteNumber("column", origin.Column);
        writer.WriteString("layer", LayerName(origin.Layer));
    }
}
