namespace Strata.Validation.Expressions;

/// <summary>The functions a rule expression may call, and what the static checks need to know about each.</summary>
internal static class ExpressionFunctions
{
    public static IReadOnlyDictionary<string, FunctionInfo> All { get; } = new Dictionary<string, FunctionInfo>(StringComparer.Ordinal)
    {
        ["sum"] = new("sum", 1, 1, Aggregate: true, ExprKind.Number),
        ["count"] = new("count", 1, 1, Aggregate: true, ExprKind.Number),
        ["min"] = new("min", 1, 16, Aggregate: true, ExprKind.Number),
        ["max"] = new("max", 1, 16, Aggregate: true, ExprKind.Number),
        ["avg"] = new("avg", 1, 1, Aggregate: true, ExprKind.Number),
        ["abs"] = new("abs", 1, 1, Aggregate: false, ExprKind.Number),
        ["len"] = new("len", 1, 1, Aggregate: false, ExprKind.Number),
        ["exists"] = new("exists", 1, 1, Aggregate: false, ExprKind.Bool),
        ["approx"] = new("approx", 2, 3, Aggregate: false, ExprKind.Bool),
        ["matches"] = new("matches", 2, 2, Aggregate: false, ExprKind.Bool),
    };

    public static string Names => string.Join(", ", All.Keys);
}

/// <summary>One function: its arity, whether it ranges over every match of a wildcard path, and its result kind (documented in docs/validation.md).</summary>
internal sealed record FunctionInfo(string Name, int MinArgs, int MaxArgs, bool Aggregate, ExprKind Result);
