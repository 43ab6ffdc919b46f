namespace Strata.Validation.Expressions;

/// <summary>The functions a rule expression may call, and what the static checks need to know about each.</summary>
internal static class ExpressionFunctions
{
    public static IReadOnlyDictionary<string, FunctionInfo> All { get; } = new Dictionary<string, FunctionInfo>(StringComparer.Ordinal)
    {
        ["sum"] = new("sum", 1, 1, Aggregate: true, ExprKind.Number, "the total of the numbers"),
        ["count"] = new("count", 1, 1, Aggregate: true, ExprKind.Number, "how many values there are"),
        ["min"] = new("min", 1, 16, Aggregate: true, ExprKind.Number, "the smallest number"),
        ["max"] = new("max", 1, 16, Aggregate: true, ExprKind.Number, "the largest number"),
        ["avg"] = new("avg", 1, 1, Aggregate: true, ExprKind.Number, "the mean of the numbers"),
        ["abs"] = new("abs", 1, 1, Aggregate: false, ExprKind.Number, "the absolute value"),
        ["len"] = new("len", 1, 1, Aggregate: false, ExprKind.Number, "the length of a text, list or map"),
        ["exists"] = new("exists", 1, 1, Aggregate: false, ExprKind.Bool, "whether a key is set"),
        ["approx"] = new("approx", 2, 3, Aggregate: false, ExprKind.Bool, "whether two numbers are equal within a tolerance (default 1e-9)"),
        ["matches"] = new("matches", 2, 2, Aggregate: false, ExprKind.Bool, "whether a text matches a regular expression"),
    };

    public static string Names => string.Join(", ", All.Keys);
}

/// <summary>One function: its arity, whether it ranges over every match of a wildcard path, and its result kind.</summary>
internal sealed record FunctionInfo(string Name, int MinArgs, int MaxArgs, bool Aggregate, ExprKind Result, string Description);
