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
            if (ConstraintCompiler.Compile(rules[i], i, trie, regexTimeout, errors) is { } c)
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

    private static string Article(string typeText) =>
        typeText.Length > 0 && "aeiou".Contains(typeText[0], StringComparison.Ordinal) ? "an " + typeText : "a " + typeText;
}
