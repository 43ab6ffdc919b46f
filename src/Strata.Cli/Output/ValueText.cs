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
        var (mark, color, text) = change.Kind switch
        {
            ChangeKind.Added => ("+", Ansi.Green, Format(change.Path, change.NewValue, redactor)),
            ChangeKind.Removed => ("-", Ansi.Red, Format(change.Path, change.OldValue, redactor)),
            _ => ("~", Ansi.Yellow, $"{Format(change.Path, change.OldValue, redactor)} -> {Format(change.Path, change.NewValue, redactor)}"),
        };
        var line = $"{indent}{mark} {change.Path.Text}: {text}";
        context.Out.WriteLine(context.Color ? Ansi.Paint(line, color) : line);
    }
}
