using Strata.Model;

namespace Strata.Validation.Expressions;

/// <summary>The kinds of value a rule expression works with. <see cref="Missing"/> is a key that is not set.</summary>
internal enum ExprKind
{
    Missing,
    Null,
    Bool,
    Number,
    String,
    List,
    Map,
}

/// <summary>A value during evaluation: a number (integers are exact up to 2^53), text, bool, null, a list or map, or missing.</summary>
internal readonly record struct ExprValue(ExprKind Kind, double Number = 0, bool Bool = false, string? Text = null, ConfigNode? Node = null)
{
    /// <summary>True for a value read from a secret key: it displays as <c>***</c>.</summary>
    public bool Secret { get; init; }

    public static ExprValue Missing => new(ExprKind.Missing);

    public static ExprValue Null => new(ExprKind.Null);

    public bool IsMissing => Kind == ExprKind.Missing;

    public static ExprValue FromNumber(double value) => new(ExprKind.Number, Number: value);

    public static ExprValue FromBool(bool value) => new(ExprKind.Bool, Bool: value);

    public static ExprValue FromString(string value) => new(ExprKind.String, Text: value);

    public static ExprValue FromNode(ConfigNode? node) => node switch
    {
        null => Missing,
        ConfigScalar { IsDeleteMarker: true } => Missing,
        ConfigScalar s => s.ScalarKind switch
        {
            ScalarKind.Null => new(ExprKind.Null, Node: s),
            ScalarKind.Bool => new(ExprKind.Bool, Bool: s.BoolValue, Node: s),
            ScalarKind.Int or ScalarKind.Float => new(ExprKind.Number, Number: s.FloatValue, Node: s),
            _ => new(ExprKind.String, Text: s.StringValue, Node: s),
        },
        ConfigSequence => new(ExprKind.List, Node: node),
        _ => new(ExprKind.Map, Node: node),
    };

    /// <summary>A short name of the kind for messages.</summary>
    public string KindName => Kind switch
    {
        ExprKind.Missing => "missing value",
        ExprKind.Null => "null",
        ExprKind.Bool => "bool",
        ExprKind.Number => "number",
        ExprKind.String => "text",
        ExprKind.List => "list",
        _ => "map",
    };

    /// <summary>The value as it would be written in a schema or config file.</summary>
    public string Display() => Secret && Kind is not (ExprKind.Missing or ExprKind.Null) ? Secrets.SecretRedactor.Mask : Kind switch
    {
        ExprKind.Missing => "(not set)",
        ExprKind.Null => "null",
        ExprKind.Bool => Bool ? "true" : "false",
        ExprKind.Number => Node is ConfigScalar s ? s.AsText()! : FormatNumber(Number),
        ExprKind.String => "'" + Text + "'",
        ExprKind.List => $"a list of {((ConfigSequence)Node!).Count}",
        _ => $"a map of {((ConfigMap)Node!).Count} keys",
    };

    /// <summary>Formats a computed number: whole numbers without a fraction, others round-trippable.</summary>
    public static string FormatNumber(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 1e15 && Math.Floor(value) == value
            ? ((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : ConfigScalar.FormatFloat(value);
}
