using System.Globalization;
using System.Text.RegularExpressions;
using Strata.Model;
using Strata.Validation.Expressions;

namespace Strata.Validation.Engine;

/// <summary>
/// Checks that a rule schema makes sense before it is used — regexes compile, bounds do not contradict each other,
/// types are known, rules parse and only use declared keys — and compiles it. Every problem is reported, each at
/// the schema line that causes it; nothing throws.
/// </summary>
internal static class SchemaCompiler
{
    public static CompiledSchema? Compile(IReadOnlyList<KeyRule> keys, IReadOnlyList<ConstraintRule> rules, TimeSpan regexTimeout, List<ConfigurationError> errors)
    {
        var before = errors.Count;
        var compiledKeys = new List<CompiledKeyRule>();
        foreach (var rule in keys)
        {
            compiledKeys.Add(CompileKey(rule, regexTimeout, errors));
        }

        var trie = SchemaTrieNode.Build(compiledKeys);
        foreach (var rule in compiledKeys)
        {
            CheckRequires(rule.Rule, trie, errors);
        }

        var constraints = new List<CompiledConstraint>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (CompileConstraint(rules[i], i, trie, regexTimeout, errors) is { } c)
            {
                constraints.Add(c);
            }
        }

        return errors.Count > before ? null : new CompiledSchema(compiledKeys, trie, constraints);
    }

    internal static Regex? CompileRegex(string pattern, TimeSpan timeout, Origin? origin, string path, string field, List<ConfigurationError> errors)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        }
        catch (RegexParseException ex)
        {
            errors.Add(ConfigurationError.At(origin, path, string.Create(CultureInfo.InvariantCulture,
                $"{field}: '{pattern}' is not a valid regular expression: {Describe(ex.Error)} at position {ex.Offset}")));
            return null;
        }
        catch (ArgumentException ex)
        {
            errors.Add(ConfigurationError.At(origin, path, $"{field}: '{pattern}' is not a valid regular expression: {ex.Message}"));
            return null;
        }
    }

    private static string Describe(RegexParseError error)
    {
        var name = error.ToString();
        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }

    private static CompiledKeyRule CompileKey(KeyRule rule, TimeSpan regexTimeout, List<ConfigurationError> errors)
    {
        var path = rule.Key.Text;
        void Error(string field, string message) => errors.Add(ConfigurationError.At(rule.OriginOf(field), path, message));

        var types = rule.Types.Distinct().ToList();
        if (types.Count == 0 && rule.HasRange)
        {
            types.Add(ConfigValueType.Float);
        }
        else if (types.Count == 0 && rule.Pattern is not null)
        {
            types.Add(ConfigValueType.String);
        }

        if (types.Contains(ConfigValueType.Any))
        {
            types = [];
        }

        bool Allows(params ConfigValueType[] wanted) => types.Count == 0 || types.Any(wanted.Contains);
        var typeText = string.Join(" or ", types.Select(TypeNames.Name));

        if (rule.HasRange)
        {
            if (!Allows(ConfigValueType.Int, ConfigValueType.Float))
            {
                Error(rule.Minimum is not null ? "min" : rule.Maximum is not null ? "max" : rule.ExclusiveMinimum is not null ? "exclusive_min" : "exclusive_max",
                    $"min and max bound numbers, but the type is {typeText}; use min_length and max_length for lengths");
            }

            CheckBounds(rule, Error);
        }

        if (rule.MinLength is < 0)
        {
            Error("min_length", $"min_length must be 0 or more, not {rule.MinLength}");
        }

        if (rule.MaxLength is < 0)
        {
            Error("max_length", $"max_length must be 0 or more, not {rule.MaxLength}");
        }

        if (rule.MinLength is { } minLength && rule.MaxLength is { } maxLength && minLength > maxLength)
        {
            Error("min_length", $"min_length ({minLength}) is greater than max_length ({maxLength}): no value can pass");
        }

        if ((rule.MinLength is not null || rule.MaxLength is not null) && !Allows(ConfigValueType.String, ConfigValueType.List, ConfigValueType.Map))
        {
            Error(rule.MinLength is not null ? "min_length" : "max_length", $"min_length and max_length measure texts, lists and maps, but the type is {typeText}; use min and max for numbers");
        }

        Regex? regex = null;
        if (rule.Pattern is not null)
        {
            if (!Allows(ConfigValueType.String))
            {
                Error("pattern", $"pattern applies to text, but the type is {typeText}");
            }

            regex = CompileRegex(rule.Pattern, regexTimeout, rule.OriginOf("pattern"), path, "pattern", errors);
        }

        if (rule.Allowed is { } allowed)
        {
            if (allowed.Count == 0)
            {
                Error("allowed", "allowed is empty: no value can pass");
            }

            foreach (var value in allowed)
            {
                if (types.Count > 0 && !TypeNames.Matches(value, types) && !(rule.Nullable && value is ConfigScalar { ScalarKind: ScalarKind.Null }))
                {
                    errors.Add(ConfigurationError.At(value.Origin.Line > 0 ? value.Origin : rule.OriginOf("allowed"), path,
                        $"allowed value {ValueText.Describe(value)} is not {Article(typeText)}"));
                }
            }
        }

        if (rule.Required && rule.Key.Segments[^1].IsWildcard)
        {
            Error("required", $"required needs a named key or index at the end of the path, not '{rule.Key.Segments[^1]}'");
        }

        if (rule.AdditionalKeys is not null && !Allows(ConfigValueType.Map))
        {
            Error("additional_keys", $"additional_keys applies to maps, but the type is {typeText}");
        }

        foreach (var name in rule.CustomNames)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                Error("custom", "a custom validator name cannot be empty");
            }
        }

        return new CompiledKeyRule(rule, types, regex);
    }

    private static void CheckBounds(KeyRule rule, Action<string, string> error)
    {
        foreach (var (field, value) in new (string, double?)[] { ("min", rule.Minimum), ("max", rule.Maximum), ("exclusive_min", rule.ExclusiveMinimum), ("exclusive_max", rule.ExclusiveMaximum) })
        {
            if (value is { } v && !double.IsFinite(v))
            {
                error(field, $"{field} must be a finite number, not {ConfigScalar.FormatFloat(v)}");
                return;
            }
        }

        (double Value, bool Exclusive, string Field)? lower = null, upper = null;
        if (rule.Minimum is { } min)
        {
            lower = (min, false, "min");
        }

        if (rule.ExclusiveMinimum is { } emin && (lower is null || emin >= lower.Value.Value))
        {
            lower = (emin, true, "exclusive_min");
        }

        if (rule.Maximum is { } max)
        {
            upper = (max, false, "max");
        }

        if (rule.ExclusiveMaximum is { } emax && (upper is null || emax <= upper.Value.Value))
        {
            upper = (emax, true, "exclusive_max");
        }

        if (lower is { } lo && upper is { } hi && (lo.Value > hi.Value || (lo.Value == hi.Value && (lo.Exclusive || hi.Exclusive))))
        {
            error(lo.Field, $"{lo.Field} ({ExprValue.FormatNumber(lo.Value)}) {(lo.Value == hi.Value ? "equals" : "is greater than")} {hi.Field} ({ExprValue.FormatNumber(hi.Value)}): no value can pass");
        }
    }

    private static void CheckRequires(KeyRule rule, SchemaTrieNode trie, List<ConfigurationError> errors)
    {
        foreach (var required in rule.Requires)
        {
            var origin = rule.OriginOf("requires");
            for (var i = 0; i < required.Segments.Length; i++)
            {
                var s = required.Segments[i];
                if (s.IsWildcard && (i >= rule.Key.Segments.Length || rule.Key.Segments[i].Kind != s.Kind))
                {
                    errors.Add(ConfigurationError.At(origin, rule.Key.Text,
                        $"requires '{required.Text}': its wildcard '{s}' at position {i + 1} has no matching wildcard in '{rule.Key.Text}' to take its value from"));
                    break;
                }
            }

            if (!trie.Covers(required))
            {
                errors.Add(ConfigurationError.At(origin, rule.Key.Text,
                    $"requires '{required.Text}', which the schema does not declare{NameSuggester.Hint(required.Text, trie.DeclaredPatterns())}; declare it under keys"));
            }
        }
    }

    private static CompiledConstraint? CompileConstraint(ConstraintRule rule, int index, SchemaTrieNode trie, TimeSpan regexTimeout, List<ConfigurationError> errors)
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
                    if (CompileRegex(literal.Value.Text!, regexTimeout, Shift(rule, field, literal.Position), path, field, errors) is { } regex)
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

    private static string Article(string typeText) =>
        typeText.Length > 0 && "aeiou".Contains(typeText[0], StringComparison.Ordinal) ? "an " + typeText : "a " + typeText;
}
