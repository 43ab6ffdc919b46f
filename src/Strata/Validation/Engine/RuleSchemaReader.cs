using System.Globalization;
using Strata.Model;
using Strata.Snapshots;
using static Strata.Validation.Engine.SchemaFieldReader;

namespace Strata.Validation.Engine;

/// <summary>
/// Reads a rule schema from a parsed <c>schema.yaml</c> (or <c>.json</c>): <c>keys</c>, <c>rules</c>, <c>unknown_keys</c>,
/// <c>regex_timeout</c>, <c>description</c>. Every mistake is reported at the line that holds it, and reading goes on,
/// so one run shows them all.
/// </summary>
internal static class RuleSchemaReader
{
    private static readonly string[] TopLevelFields = ["keys", "rules", "unknown_keys", "regex_timeout", "description"];

    private static readonly string[] KeyFields =
        ["type", "required", "nullable", "min", "max", "exclusive_min", "exclusive_max", "min_length", "max_length", "pattern",
         "allowed", "requires", "additional_keys", "custom", "deprecated", "description", "severity"];

    private static readonly string[] RuleFields = ["check", "name", "when", "for_each", "at", "message", "severity"];

    private static readonly string[] JsonSchemaWords = ["properties", "type", "required", "$id", "$defs", "items", "additionalProperties", "definitions"];

    public static ValidationSchema? Read(ConfigMap tree, List<ConfigurationError> errors)
    {
        var before = errors.Count;
        var source = tree.Origin.Source;
        var keys = new List<KeyRule>();
        var rules = new List<ConstraintRule>();
        var unknownKeys = UnknownKeyPolicy.Warn;
        var regexTimeout = ValidationSchema.DefaultRegexTimeout;
        string? description = null;
        foreach (var (field, value) in tree)
        {
            switch (field)
            {
                case "keys":
                    ReadKeys(value, keys, errors);
                    break;
                case "rules":
                    ReadRules(value, rules, errors);
                    break;
                case "unknown_keys":
                    unknownKeys = Text(value, field, field, errors) switch
                    {
                        "warn" => UnknownKeyPolicy.Warn,
                        "error" => UnknownKeyPolicy.Error,
                        "ignore" => UnknownKeyPolicy.Ignore,
                        null => unknownKeys,
                        var other => Fail(errors, value, field, $"unknown_keys must be warn, error or ignore, not '{other}'", unknownKeys),
                    };
                    break;
                case "regex_timeout":
                    regexTimeout = ReadDuration(value, errors) ?? regexTimeout;
                    break;
                case "description":
                    description = Text(value, field, field, errors);
                    break;
                default:
                    var hint = JsonSchemaWords.Contains(field, StringComparer.Ordinal)
                        ? " (to use a JSON Schema instead of rules, add '$schema: https://json-schema.org/draft/2020-12/schema')"
                        : NameSuggester.Hint(field, TopLevelFields);
                    errors.Add(ConfigurationError.At(value.Origin, field, $"unknown field '{field}' in the schema{hint}; a rule schema has {string.Join(", ", TopLevelFields)}"));
                    break;
            }
        }

        // Check what could be read even when something could not, so one run shows every mistake.
        var schema = ValidationSchema.TryCreate(keys, rules, [], unknownKeys, regexTimeout, source, errors, description);
        if (errors.Count == before)
        {
            return schema;
        }

        var found = errors.Skip(before).OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        errors.RemoveRange(before, found.Count);
        errors.AddRange(found);
        return null;
    }

    private static void ReadKeys(ConfigNode node, List<KeyRule> keys, List<ConfigurationError> errors)
    {
        if (node is not ConfigMap map)
        {
            errors.Add(ConfigurationError.At(node.Origin, "keys", $"keys must be a map of key paths to rules, not {ValueText.Describe(node)}"));
            return;
        }

        foreach (var (patternText, body) in map)
        {
            if (!KeyPattern.TryParse(patternText, out var pattern, out var patternError))
            {
                errors.Add(ConfigurationError.At(body.Origin, patternText, "invalid key path: " + patternError));
                continue;
            }

            // A rule with mistakes still declares its key, so rules that use the key are not reported as well.
            keys.Add(ReadKeyRule(pattern, body, errors) ?? new KeyRule(pattern) { Origin = body.Origin });
        }
    }

    private static KeyRule? ReadKeyRule(KeyPattern pattern, ConfigNode body, List<ConfigurationError> errors)
    {
        var path = pattern.Text;
        var origins = new Dictionary<string, Origin>(StringComparer.Ordinal);
        var rule = new KeyRule(pattern) { Origin = body.Origin, FieldOrigins = origins };
        if (body is ConfigScalar { ScalarKind: ScalarKind.String } shorthand)
        {
            origins["type"] = shorthand.Origin;
            return ReadTypes(shorthand, path, errors) is { } t ? rule with { Types = t } : null;
        }

        if (body is ConfigScalar { ScalarKind: ScalarKind.Null })
        {
            return rule;
        }

        if (body is not ConfigMap fields)
        {
            errors.Add(ConfigurationError.At(body.Origin, path, $"a key rule must be a type name (such as int) or a map of checks, not {ValueText.Describe(body)}"));
            return null;
        }

        var before = errors.Count;
        foreach (var (field, value) in fields)
        {
            origins[field] = value.Origin;
            switch (field)
            {
                case "type":
                    rule = rule with { Types = ReadTypes(value, path, errors) ?? [] };
                    break;
                case "required":
                    rule = rule with { Required = Bool(value, path, field, errors) ?? false };
                    break;
                case "nullable":
                    rule = rule with { Nullable = Bool(value, path, field, errors) ?? false };
                    break;
                case "min":
                    rule = rule with { Minimum = Number(value, path, field, errors) };
                    break;
                case "max":
                    rule = rule with { Maximum = Number(value, path, field, errors) };
                    break;
                case "exclusive_min":
                    rule = rule with { ExclusiveMinimum = Number(value, path, field, errors) };
                    break;
                case "exclusive_max":
                    rule = rule with { ExclusiveMaximum = Number(value, path, field, errors) };
                    break;
                case "min_length":
                    rule = rule with { MinLength = Integer(value, path, field, errors) };
                    break;
                case "max_length":
                    rule = rule with { MaxLength = Integer(value, path, field, errors) };
                    break;
                case "pattern":
                    rule = rule with { Pattern = Text(value, path, field, errors) };
                    break;
                case "allowed":
                    if (value is ConfigSequence allowed)
                    {
                        rule = rule with { Allowed = [.. allowed] };
                    }
                    else
                    {
                        errors.Add(ConfigurationError.At(value.Origin, path, $"allowed must be a list of values, such as [DEBUG, INFO], not {ValueText.Describe(value)}"));
                    }

                    break;
                case "requires":
                    rule = rule with { Requires = [.. TextList(value, path, field, errors).Select(r => ReadPattern(r, value, path, field, errors)).OfType<KeyPattern>()] };
                    break;
                case "additional_keys":
                    rule = rule with { AdditionalKeys = Bool(value, path, field, errors) };
                    break;
                case "custom":
                    rule = rule with { CustomNames = TextList(value, path, field, errors) };
                    break;
                case "deprecated":
                    rule = rule with
                    {
                        Deprecated = value is ConfigScalar { ScalarKind: ScalarKind.Bool, BoolValue: true } ? "it is no longer used" : Text(value, path, field, errors),
                    };
                    break;
                case "description":
                    rule = rule with { Description = Text(value, path, field, errors) };
                    break;
                case "severity":
                    rule = rule with { Severity = ReadSeverity(value, path, errors) };
                    break;
                default:
                    errors.Add(ConfigurationError.At(value.Origin, path, $"unknown field '{field}' in the rule for {path}{NameSuggester.Hint(field, KeyFields)}; the fields are {string.Join(", ", KeyFields)}"));
                    break;
            }
        }

        return errors.Count > before ? null : rule;
    }

    private static void ReadRules(ConfigNode node, List<ConstraintRule> rules, List<ConfigurationError> errors)
    {
        if (node is not ConfigSequence list)
        {
            errors.Add(ConfigurationError.At(node.Origin, "rules", $"rules must be a list of rules (each with a check), not {ValueText.Describe(node)}"));
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"rules[{i}]");
            var item = list[i];
            if (item is ConfigScalar { ScalarKind: ScalarKind.String } plain)
            {
                rules.Add(new ConstraintRule(plain.StringValue!)
                {
                    Origin = plain.Origin,
                    FieldOrigins = new Dictionary<string, Origin>(StringComparer.Ordinal) { ["check"] = plain.Origin },
                    ExpressionOrigins = ExpressionOrigin("check", plain),
                });
                continue;
            }

            if (item is not ConfigMap fields)
            {
                errors.Add(ConfigurationError.At(item.Origin, path, $"a rule must be a map with a check (or the check as text), not {ValueText.Describe(item)}"));
                continue;
            }

            var before = errors.Count;
            var origins = new Dictionary<string, Origin>(StringComparer.Ordinal);
            var expressionOrigins = new Dictionary<string, Origin>(StringComparer.Ordinal);
            var rule = new ConstraintRule(string.Empty) { Origin = fields.Origin, FieldOrigins = origins, ExpressionOrigins = expressionOrigins };
            string? check = null;
            foreach (var (field, value) in fields)
            {
                origins[field] = value.Origin;
                switch (field)
                {
                    case "check":
                        check = Text(value, path, field, errors);
                        AddExpressionOrigin(expressionOrigins, field, value);
                        break;
                    case "when":
                        rule = rule with { When = Text(value, path, field, errors) };
                        AddExpressionOrigin(expressionOrigins, field, value);
                        break;
                    case "name":
                        rule = rule with { Name = Text(value, path, field, errors) };
                        break;
                    case "message":
                        rule = rule with { Message = Text(value, path, field, errors) };
                        break;
                    case "for_each":
                        rule = rule with { ForEach = Text(value, path, field, errors) is { } f ? ReadPattern(f, value, path, field, errors) : null };
                        break;
                    case "at":
                        rule = rule with { At = Text(value, path, field, errors) is { } a ? ReadPattern(a, value, path, field, errors) : null };
                        break;
                    case "severity":
                        rule = rule with { Severity = ReadSeverity(value, path, errors) };
                        break;
                    default:
                        errors.Add(ConfigurationError.At(value.Origin, path, $"unknown field '{field}' in a rule{NameSuggester.Hint(field, RuleFields)}; the fields are {string.Join(", ", RuleFields)}"));
                        break;
                }
            }

            if (check is null && !origins.ContainsKey("check"))
            {
                errors.Add(ConfigurationError.At(fields.Origin, path, "the rule has no check: add 'check: <expression>'"));
            }

            if (errors.Count == before)
            {
                rules.Add(rule with { Check = check! });
            }
        }
    }

    private static Dictionary<string, Origin> ExpressionOrigin(string field, ConfigScalar scalar)
    {
        var result = new Dictionary<string, Origin>(StringComparer.Ordinal);
        AddExpressionOrigin(result, field, scalar);
        return result;
    }

    private static void AddExpressionOrigin(Dictionary<string, Origin> origins, string field, ConfigNode value)
    {
        if (value is ConfigScalar { ScalarKind: ScalarKind.String } s && s.Origin.Line > 0 && !s.StringValue!.Contains('\n', StringComparison.Ordinal))
        {
            origins[field] = s.Origin with { Column = s.Origin.Column + (s.IsQuoted ? 1 : 0) };
        }
    }
}
