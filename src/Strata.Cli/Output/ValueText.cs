using Strata.Model;
using Strata.Secrets;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Cli.Output;

/// <summary>How one value prints on a line: scalars as YAML spells them, lists and maps as compact JSON, secrets as ***.</summary>
internal static class ValueText
{
    public static string Format(ConfigPath path, ConfigNode? node, SecretRedactor? redactor)
    {
        if (node is null)
        {
            return "(absent)";
        }

        if (redactor is not null && node is not ConfigMap && redactor.IsSecret(path, node))
        {
            return SecretRedactor.Mask;
        }

        return node switch
        {
            ConfigScalar { ScalarKind: ScalarKind.String } s => s.StringValue!.Length == 0 ? "\"\"" : s.StringValue!,
            ConfigScalar s => s.AsText() ?? "null",
            _ => ConfigJsonWriter.ToJson(node, redactor, path: path),
        };
    }

    /// <summary>One change as a line, <c>+ path: new</c>, <c>- path: old</c> or <c>~ path: old -> new</c>, coloured on a terminal.</summary>
    public static void WriteChange(CliContext context, ConfigChange change, SecretRedactor? redactor, string indent = "")
    {
        // A change that tags or untags a value masks both sides, so the clear text never stands next to the mask.
        var masked = redactor is not null && ChangeJson.IsSecretOnEitherSide(change, redactor);
        string Side(ConfigNode? node) => masked && node is not null ? SecretRedactor.Mask : Format(change.Path, node, redactor);
        var (mark, color, text) = change.Kind switch
        {
            ChangeKind.Added => ("+", Ansi.Green, Side(change.NewValue)),
            ChangeKind.Removed => ("-", Ansi.Red, Side(change.OldValue)),
            _ => ("~", Ansi.Yellow, $"{Side(change.OldValue)} -> {Side(change.NewValue)}"),
        };
        var line = $"{indent}{mark} {change.Path.Text}: {text}";
        context.Out.WriteLine(context.Color ? Ansi.Paint(line, color) : line);
    }
}
