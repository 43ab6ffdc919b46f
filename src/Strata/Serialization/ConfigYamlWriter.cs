using Strata.Model;
using Strata.Secrets;
using Strata.Sources;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.Serialization;

/// <summary>
/// Writes configuration trees as YAML through YamlDotNet's emitter. Strings that would read back as
/// another type (<c>"true"</c>, <c>"6379"</c>) are quoted, so a round trip keeps every type.
/// </summary>
internal static class ConfigYamlWriter
{
    /// <summary>Returns the YAML text of a tree.</summary>
    /// <param name="node">The tree.</param>
    /// <param name="redactor">When given, secret values are written as <c>***</c>.</param>
    public static string ToYaml(ConfigNode node, SecretRedactor? redactor = null)
    {
        using var writer = new StringWriter();
        Write(writer, node, redactor);
        return writer.ToString();
    }

    /// <summary>Writes a tree.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="node">The tree.</param>
    /// <param name="redactor">When given, secret values are written as <c>***</c>.</param>
    public static void Write(TextWriter output, ConfigNode node, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(node);
        var emitter = new Emitter(output);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, node, redactor, ConfigPath.Root);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
    }

    private static void Emit(IEmitter emitter, ConfigNode node, SecretRedactor? redactor, ConfigPath path)
    {
        if (redactor is not null && !path.IsRoot && node is not ConfigMap && redactor.IsSecret(path, node))
        {
            EmitString(emitter, SecretRedactor.Mask);
            return;
        }

        switch (node)
        {
            case ConfigMap map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, child) in map)
                {
                    EmitString(emitter, key);
                    Emit(emitter, child, redactor, path.Append(key));
                }

                emitter.Emit(new MappingEnd());
                break;
            case ConfigSequence seq:
                var flow = seq.Count == 0 || seq.All(i => i is ConfigScalar);
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                for (var i = 0; i < seq.Count; i++)
                {
                    Emit(emitter, seq[i], redactor, path.Append(i));
                }

                emitter.Emit(new SequenceEnd());
                break;
            case ConfigScalar s when s.ScalarKind == ScalarKind.String:
                EmitString(emitter, s.StringValue!);
                break;
            case ConfigScalar s:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, s.AsText() ?? "null", ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var needsQuotes = text.Length == 0
            || !ScalarTyping.ReadsBackAsString(text)
            || text.Trim() != text;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, needsQuotes ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, !needsQuotes, needsQuotes));
    }
}
