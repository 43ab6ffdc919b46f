using System.Globalization;
using System.Text.RegularExpressions;
using Strata.Model;
using Strata.Validation.Expressions;

namespace Strata.Validation.Engine;

/// <summary>
/// Checks and compiles one cross-field rule of a schema: its expressions parse, give true or false, call known
/// functions with the right arguments and use only declared keys; its wildcards iterate over one set of matches
/// (or <c>for_each</c>). Each problem is reported at the character of the expression that causes it.
/// </summary>
internal static class ConstraintCompiler
{
    /// <summary>Compiles <paramref name="rule"/>, the rule at <paramref name="index"/>; null when it has errors (added to <paramref name="errors"/>).</summary>
    public static CompiledConstraint? Compile(ConstraintRule rule, int index, SchemaTrieNode trie, TimeSpan regexTimeout, List<ConfigurationError> errors)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"rules[{index}]");
        var before = errors.Count;
        var check = ParseExpression(rule.Check, "check", rule, path, errors);
        var when = rule.When is null ? null : ParseExpression(rule.When, "when", rule, path, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var regexes = new Dictionary<CallExpr, Regex>(ReferenceEqualityComparer.Instance);
        var iterationCandidates = new List<(PathExpr Path, string Field)>();
        foreach (var (field, expr) in new[] { ("check", check!), ("when", when) })
        {
            if (expr is null)
            {
                continue;
            }

            CheckResultIsBool(expr, field, rule, path, errors);
            CheckCalls(expr, field, rule, path, regexTimeout, regexes, errors);
            foreach (var (p, aggregated) in Paths(expr, false))
            {
                if (!trie.Covers(p.Pattern))
                {
                    errors.Add(At(rule, field, p.Position, path,
                        $"{field} uses '{p.Pattern.Text}', which the schema does not declare{NameSuggester.Hint(p.Pattern.Text, trie.DeclaredPatterns())}; a rule may only use keys declared under keys"));
                }

                if (!aggregated && p.Pattern.HasWildcards)
                {
                    iterationCandidates.Add((p, field));
                }
            }
        }

        foreach (var (field, pattern) in new[] { ("for_each", rule.ForEach), ("at", rule.At) })
        {
            if (pattern is not null && !trie.Covers(pattern))
            {
                errors.Add(ConfigurationError.At(rule.OriginOf(field), path,
                    $"{field}: '{pattern.Text}' is not declared in the schema{NameSuggester.Hint(pattern.Text, trie.DeclaredPatterns())}"));
            }
        }

        var iteration = rule.ForEach;
        if (iteration is not null && !iteration.HasWildcards)
        {
            errors.Add(ConfigurationError.At(rule.OriginOf("for_each"), path, $"for_each: '{iteration.Text}' has no wildcard ('*' or '[*]') to iterate over"));
        }

        foreach (var (p, field) in iterationCandidates)
        {
            bool fits;
            if (rule.ForEach is { } forEach)
            {
                fits = StartsWith(p.Pattern, forEach) && !p.Pattern.Segments.Skip(forEach.Segments.Length).Any(s => s.IsWildcard);
            }
            else
            {
                var prefix = IterationPrefix(p.Pattern);
                iteration ??= prefix;
                fits = prefix.Equals(iteration);
            }

            if (!fits)
            {
                var hint = rule.ForEach is null
                    ? $"the rule already iterates over '{iteration!.Text}'; set for_each, or wrap one of them in sum(), count(), min(), max() or avg()"
                    : $"for_each is '{rule.ForEach.Text}'; wrap it in sum(), count(), min(), max() or avg() to use every match";
                errors.Add(At(rule, field, p.Position, path, $"{field} uses '{p.Pattern.Text}', which stands for many values: {hint}"));
            }
        }

        if (rule.At is { } at && at.HasWildcards)
        {
            var bindable = iteration is not null && StartsWith(at, iteration) && !at.Segments.Skip(iteration.Segments.Length).Any(s => s.IsWildcard);
            if (!bindable)
            {
                errors.Add(ConfigurationError.At(rule.OriginOf("at"), path,
                    $"at: '{at.Text}' has a wildcard the rule does not iterate over{(iteration is null ? string.Empty : $" (it iterates over '{iteration.Text}')")}"));
            }
        }

        return errors.Count > before ? null : new CompiledConstraint(rule, check!, when, iteration, regexes);
    }

    private static Expr? ParseExpression(string text, string field, ConstraintRule rule, string path, List<ConfigurationError> errors)
    {
        try
        {
            return ExpressionParser.Parse(text);
        }
        catch (ExpressionSyntaxException ex)
        {
            errors.Add(At(rule, field, ex.Position, path, string.Create(CultureInfo.InvariantCulture, $"{field}: {ex.Message} (at character {ex.Position + 1} of '{text}')")));
            return null;
        }
    }

    private static void CheckResultIsBool(Expr expr, string field, ConstraintRule rule, string path, List<ConfigurationError> errors)
    {
        var kind = StaticKind(expr);
        if (kind is ExprKind.Number or ExprKind.String or ExprKind.Null)
        {
            errors.Add(At(rule, field, expr.Position, path,
                $"{field} gives {(kind == ExprKind.Number ? "a number" : kind == ExprKind.String ? "a text" : "null")}, not true or false; compare it with something, e.g. '{ExpressionPrinter.Print(expr)} > 0'"));
        }
    }

    private static ExprKind? StaticKind(Expr expr) => expr switch
    {
        LiteralExpr l => l.Value.Kind,
        UnaryExpr { Operator: "not" } => ExprKind.Bool,
        UnaryExpr => ExprKind.Number,
        BinaryExpr { Operator: "+" or "-" or "*" or "/" or "%" } => ExprKind.Number,
        BinaryExpr => ExprKind.Bool,
        CallExpr c when ExpressionFunctions.All.TryGetValue(c.Name, out var f) => f.Result,
        _ => null,
    };

    private static void CheckCalls(Expr expr, string field, ConstraintRule rule, string path, TimeSpan regexTimeout, Dictionary<CallExpr, Regex> regexes, List<ConfigurationError> errors)
    {
        foreach (var call in expr.Walk().OfType<CallExpr>())
        {
            if (!ExpressionFunctions.All.TryGetValue(call.Name, out var info))
            {
                errors.Add(At(rule, field, call.Position, path,
                    $"{field}: unknown function '{call.Name}'{NameSuggester.Hint(call.Name, ExpressionFunctions.All.Keys)}; the functions are {ExpressionFunctions.Names}"));
                continue;
            }

            if (call.Args.Length < info.MinArgs || call.Args.Length > info.MaxArgs)
            {
                var expected = info.MinArgs == info.MaxArgs ? info.MinArgs.ToString(CultureInfo.InvariantCulture) : $"{info.MinArgs} to {info.MaxArgs}";
                errors.Add(At(rule, field, call.Position, path, $"{field}: {call.Name}() takes {expected} argument{(info.MaxArgs == 1 ? string.Empty : "s")}, not {call.Args.Length}"));
                continue;
            }

            if (call.Name == "exists" && call.Args[0] is not PathExpr)
            {
                errors.Add(At(rule, field, call.Args[0].Position, path, $"{field}: exists() takes a key path, such as exists(redis.password)"));
            }

            if (call.Name == "matches")
            {
                if (call.Args[1] is LiteralExpr { Value.Kind: ExprKind.String } literal)
                {
                    if (SchemaCompiler.CompileRegex(literal.Value.Text!, regexTimeout, Shift(rule, field, literal.Position), path, field, errors) is { } regex)
                    {
                        regexes[call] = regex;
                    }
                }
                else
                {
                    errors.Add(At(rule, field, call.Args[1].Position, path, $"{field}: the second argument of matches() must be a quoted regular expression"));
                }
            }
        }
    }

    /// <summary>Every path in the expression, with whether it sits inside an aggregate function (or exists()).</summary>
    private static IEnumerable<(PathExpr Path, bool Aggregated)> Paths(Expr expr, bool aggregated)
    {
        switch (expr)
        {
            case PathExpr p:
                yield return (p, aggregated);
                break;
            case UnaryExpr u:
                foreach (var x in Paths(u.Operand, aggregated))
                {
                    yield return x;
                }

                break;
            case BinaryExpr b:
                foreach (var x in Paths(b.Left, aggregated).Concat(Paths(b.Right, aggregated)))
                {
                    yield return x;
                }

                break;
            case CallExpr c:
                var ranges = aggregated || c.Name == "exists" || (ExpressionFunctions.All.TryGetValue(c.Name, out var f) && f.Aggregate);
                foreach (var arg in c.Args)
                {
                    foreach (var x in Paths(arg, ranges))
                    {
                        yield return x;
                    }
                }

                break;
        }
    }

    /// <summary>The pattern up to and including its last wildcard.</summary>
    private static KeyPattern IterationPrefix(KeyPattern pattern)
    {
        var last = -1;
        for (var i = 0; i < pattern.Segments.Length; i++)
        {
            if (pattern.Segments[i].IsWildcard)
            {
                last = i;
            }
        }

        return KeyPattern.FromSegments(pattern.Segments.Take(last + 1));
    }

    private static bool StartsWith(KeyPattern pattern, KeyPattern prefix)
    {
        if (pattern.Segments.Length < prefix.Segments.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Segments.Length; i++)
        {
            if (pattern.Segments[i] != prefix.Segments[i])
            {
                return false;
            }
        }

        return true;
    }

    private static ConfigurationError At(ConstraintRule rule, string field, int position, string path, string message) =>
        ConfigurationError.At(Shift(rule, field, position), path, message);

    /// <summary>The origin of a character of an expression: exact when the schema file wrote the expression on one line.</summary>
    private static Origin? Shift(ConstraintRule rule, string field, int position) =>
        rule.ExpressionOrigins.TryGetValue(field, out var start) ? start with { Column = start.Column + position } : rule.OriginOf(field);
}
