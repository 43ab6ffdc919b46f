using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Strata.Model;
using Strata.Validation.Expressions;

namespace Strata.Validation.Engine;

/// <summary>
/// Checks the values a key rule matches — type, range, length, pattern, allowed values, requires, custom validators —
/// and that a required key is set. A key whose type is wrong is marked failed, so rules over it stay quiet.
/// </summary>
internal sealed class KeyRuleChecker(RuleEvaluation run)
{
    private ConfigMap Root => run.Root;

    private void Add(string path, string message, ErrorSeverity severity, Origin? origin, string rule) => run.Add(path, message, severity, origin, rule);

    private bool IsSecret(ConfigPath path, ConfigNode node) => run.IsSecret(path, node);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CheckRule(CompiledKeyRule compiled)
    {
        var rule = compiled.Rule;
        if (rule.Required)
        {
            CheckRequired(rule);
        }

        foreach (var name in rule.CustomNames)
        {
            if (!run.Options.CustomValidators.TryGet(name, out _))
            {
                var known = run.Options.CustomValidators.Names;
                Add(rule.Key.Text, $"no custom validator named '{name}' is registered{NameSuggester.Hint(name, known)}; register it with CustomValidatorRegistry.Register (known: {(known.Count == 0 ? "none" : string.Join(", ", known))})",
                    ErrorSeverity.Error, rule.OriginOf("custom"), "custom:" + name);
            }
        }

        foreach (var (path, node) in rule.Key.Match(Root))
        {
            CheckValue(compiled, path, node);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckValue(CompiledKeyRule compiled, ConfigPath path, ConfigNode node)
    {
        var rule = compiled.Rule;
        var severity = rule.Severity;
        var secret = IsSecret(path, node);
        var isNull = node is ConfigScalar { ScalarKind: ScalarKind.Null };
        if (compiled.Types.Count > 0 && !TypeNames.Matches(node, compiled.Types) && !(isNull && rule.Nullable))
        {
            var expected = string.Join(" or ", compiled.Types.Select(TypeNames.Name)) + (rule.Nullable ? " or null" : string.Empty);
            Add(path.Text, $"expected {expected}, found {ValueText.Describe(node, secret)}", severity, node.Origin, "type");
            run.Failed.Add(path.Text);
            return;
        }

        if (rule.Deprecated is { } deprecated)
        {
            Add(path.Text, "is deprecated: " + deprecated, ErrorSeverity.Warning, node.Origin, "deprecated");
        }

        if (isNull)
        {
            return;
        }

        if (rule.HasRange && node is ConfigScalar { IsNumber: true } number)
        {
            CheckRange(rule, path, number, secret);
        }

        if (rule.MinLength is not null || rule.MaxLength is not null)
        {
            CheckLength(rule, path, node);
        }

        if (compiled.Regex is { } regex && node is ConfigScalar { ScalarKind: ScalarKind.String } text)
        {
            CheckPattern(rule, regex, path, text, secret);
        }

        if (rule.Allowed is { Count: > 0 } allowed && !allowed.Any(a => ValuesEqual(a, node)))
        {
            Add(path.Text, $"must be one of {string.Join(", ", allowed.Select(a => ValueText.Value(a)))}, but is {ValueText.Value(node, secret)}", severity, node.Origin, "allowed");
        }

        foreach (var required in rule.Requires)
        {
            var bound = required.BindWildcardsFrom(path);
            if (!bound.HasWildcards ? !Exists(bound) : !bound.Match(Root).Any())
            {
                Add(path.Text, $"is set, so '{bound.Text}' must be set too", severity, node.Origin, "requires");
            }
        }

        foreach (var validator in rule.Validators)
        {
            RunCustom(validator, "custom", path, node, severity);
        }

        foreach (var name in rule.CustomNames)
        {
            if (run.Options.CustomValidators.TryGet(name, out var validator))
            {
                RunCustom(validator, "custom:" + name, path, node, severity);
            }
        }
    }

    private void CheckRange(KeyRule rule, ConfigPath path, ConfigScalar number, bool secret)
    {
        var x = number.FloatValue;
        var value = x < rule.Minimum || x <= rule.ExclusiveMinimum || x > rule.Maximum || x >= rule.ExclusiveMaximum ? ValueText.Value(number, secret) : string.Empty;
        var severity = rule.Severity;
        if (double.IsNaN(x))
        {
            Add(path.Text, "is .nan, which is not in any range", severity, number.Origin, "min");
            return;
        }

        if (rule.Minimum is { } min && x < min)
        {
            Add(path.Text, $"must be at least {ExprValue.FormatNumber(min)}, but is {value}", severity, number.Origin, "min");
        }

        if (rule.ExclusiveMinimum is { } emin && x <= emin)
        {
            Add(path.Text, $"must be greater than {ExprValue.FormatNumber(emin)}, but is {value}", severity, number.Origin, "exclusive_min");
        }

        if (rule.Maximum is { } max && x > max)
        {
            Add(path.Text, $"must be at most {ExprValue.FormatNumber(max)}, but is {value}", severity, number.Origin, "max");
        }

        if (rule.ExclusiveMaximum is { } emax && x >= emax)
        {
            Add(path.Text, $"must be less than {ExprValue.FormatNumber(emax)}, but is {value}", severity, number.Origin, "exclusive_max");
        }
    }

    private void CheckLength(KeyRule rule, ConfigPath path, ConfigNode node)
    {
        var (length, unit) = node switch
        {
            ConfigScalar { ScalarKind: ScalarKind.String } s => (s.StringValue!.EnumerateRunes().Count(), "character"),
            ConfigSequence q => (q.Count, "item"),
            ConfigMap m => (m.Count, "key"),
            _ => (-1, string.Empty),
        };
        if (length < 0)
        {
            return;
        }

        string Plural(int n) => n == 1 ? unit : unit + "s";
        if (rule.MinLength is { } min && length < min)
        {
            Add(path.Text, $"must have at least {min} {Plural(min)}, but has {length}", rule.Severity, node.Origin, "min_length");
        }

        if (rule.MaxLength is { } max && length > max)
        {
            Add(path.Text, $"must have at most {max} {Plural(max)}, but has {length}", rule.Severity, node.Origin, "max_length");
        }
    }

    private void CheckPattern(KeyRule rule, Regex regex, ConfigPath path, ConfigScalar text, bool secret)
    {
        try
        {
            if (!regex.IsMatch(text.StringValue!))
            {
                Add(path.Text, $"{ValueText.Value(text, secret)} does not match the pattern '{rule.Pattern}'", rule.Severity, text.Origin, "pattern");
            }
        }
        catch (RegexMatchTimeoutException)
        {
            Add(path.Text, $"matching the pattern '{rule.Pattern}' took longer than the limit of {regex.MatchTimeout.TotalMilliseconds:0} ms; simplify the pattern",
                rule.Severity, text.Origin, "pattern");
        }
    }

    private void RunCustom(KeyValidator validator, string name, ConfigPath path, ConfigNode node, ErrorSeverity severity)
    {
        string? message;
        try
        {
            message = validator(node, path, run.Snapshot);
        }
#pragma warning disable CA1031 // A custom check is user code: whatever it throws becomes an error, never a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            message = $"the custom check failed with {ex.GetType().Name}: {ex.Message}";
        }

        if (message is not null)
        {
            Add(path.Text, message, severity, node.Origin, name);
        }
    }

    private void CheckRequired(KeyRule rule)
    {
        var last = rule.Key.Segments[^1];
        var parentPattern = rule.Key.Parent;
        IEnumerable<KeyValuePair<ConfigPath, ConfigNode>> parents;
        if (parentPattern.HasWildcards)
        {
            parents = parentPattern.Match(Root);
        }
        else
        {
            parentPattern.TryGetPath(out var parentPath);
            if (!ConfigTree.TryGet(Root, parentPath!, out var parentNode))
            {
                var (ancestor, node) = DeepestExisting(parentPath!);
                var full = rule.Key.TryGetPath(out var fullPath) ? fullPath.Text : rule.Key.Text;
                Add(full, $"is required but not set{(ancestor.IsRoot ? string.Empty : $" (there is no '{NextMissing(parentPath!, ancestor)}' under '{ancestor.Text}')")}", rule.Severity, node.Origin, "required");
                run.Failed.Add(full);
                return;
            }

            parents = [new(parentPath!, parentNode)];
        }

        foreach (var (parentPath, parent) in parents)
        {
            var (present, childPath) = last.Kind == PatternSegmentKind.Index
                ? (parent is ConfigSequence seq && last.Index < seq.Count, parentPath.Append(last.Index))
                : (parent is ConfigMap map && map.ContainsKey(last.Key!), parentPath.Append(last.Key!));
            var wrongShape = last.Kind == PatternSegmentKind.Index ? parent is not ConfigSequence : parent is not ConfigMap;
            if (present || (wrongShape && parent is not ConfigScalar { ScalarKind: ScalarKind.Null }))
            {
                continue;
            }

            var message = last.Kind == PatternSegmentKind.Index ? $"is required, but the list has only {((parent as ConfigSequence)?.Count ?? 0)} items" : "is required but not set";
            Add(childPath.Text, message, rule.Severity, parent.Origin, "required");
            run.Failed.Add(childPath.Text);
        }
    }

    private (ConfigPath Path, ConfigNode Node) DeepestExisting(ConfigPath path)
    {
        ConfigNode node = Root;
        var at = ConfigPath.Root;
        foreach (var segment in path.Segments)
        {
            var next = segment.IsIndex
                ? (node is ConfigSequence seq && segment.Index < seq.Count ? seq[segment.Index] : null)
                : (node is ConfigMap map && map.TryGetValue(segment.Key!, out var child) ? child : null);
            if (next is null)
            {
                break;
            }

            node = next;
            at = segment.IsIndex ? at.Append(segment.Index) : at.Append(segment.Key!);
        }

        return (at, node);
    }

    private static string NextMissing(ConfigPath path, ConfigPath existing)
    {
        var segment = path.Segments[existing.Segments.Length];
        return segment.ToString();
    }


    private bool Exists(KeyPattern pattern) => pattern.TryGetPath(out var path) && ConfigTree.TryGet(Root, path, out var node) && node is not ConfigScalar { ScalarKind: ScalarKind.Null };

    private static bool ValuesEqual(ConfigNode a, ConfigNode b) => (a, b) switch
    {
        (ConfigScalar { IsNumber: true } x, ConfigScalar { IsNumber: true } y) => x.FloatValue.Equals(y.FloatValue),
        _ => a.ValueEquals(b),
    };
}
