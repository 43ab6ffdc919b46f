using Strata.Model;
using Strata.Secrets;

namespace Strata.Validation.Engine;

/// <summary>Describes values for messages: short, typed, and never a secret in clear.</summary>
internal static class ValueText
{
    private const int MaxText = 60;

    /// <summary>E.g. <c>string 'abc'</c>, <c>int 5</c>, <c>a list of 3 items</c>; <c>***</c> for a secret.</summary>
    public static string Describe(ConfigNode node, bool secret = false) => node switch
    {
        _ when secret || node.IsSecret => node.TypeName + " " + SecretRedactor.Mask,
        ConfigScalar { ScalarKind: ScalarKind.Null } => "null",
        ConfigScalar { ScalarKind: ScalarKind.String } s => "string " + Quote(s.StringValue!),
        ConfigScalar s => s.TypeName + " " + s.AsText(),
        ConfigSequence q => $"a list of {q.Count} item{(q.Count == 1 ? string.Empty : "s")}",
        ConfigMap m => $"a map of {m.Count} key{(m.Count == 1 ? string.Empty : "s")}",
        _ => node.TypeName,
    };

    /// <summary>The value alone: <c>'abc'</c>, <c>5</c>, <c>[a, b]</c>; <c>***</c> for a secret.</summary>
    public static string Value(ConfigNode node, bool secret = false) => node switch
    {
        _ when secret || node.IsSecret => SecretRedactor.Mask,
        ConfigScalar { ScalarKind: ScalarKind.Null } => "null",
        ConfigScalar { ScalarKind: ScalarKind.String } s => Quote(s.StringValue!),
        ConfigScalar s => s.AsText()!,
        ConfigSequence q => "[" + string.Join(", ", q.Take(5).Select(i => Value(i))) + (q.Count > 5 ? ", ..." : string.Empty) + "]",
        _ => "{...}",
    };

    private static string Quote(string text) =>
        "'" + (text.Length > MaxText ? string.Concat(text.AsSpan(0, MaxText), "...") : text) + "'";
}
