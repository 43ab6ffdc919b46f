using Strata.Model;
using Strata.Secrets;
using Strata.Serialization;

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
}
