using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation;

/// <summary>Fluent construction of the rule for one key pattern; used by <see cref="ValidationSchemaBuilder.Key(string, Action{KeyRuleBuilder})"/>.</summary>
public sealed class KeyRuleBuilder
{
    private KeyRule _rule;

    /// <summary>Starts a rule for the keys a pattern matches.</summary>
    /// <param name="pattern">The pattern, e.g. <c>curriculum_phases[*].steps</c>.</param>
    internal KeyRuleBuilder(KeyPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        _rule = new KeyRule(pattern);
    }

    /// <summary>Accepts only these types.</summary>
    /// <param name="types">The types.</param>
    public KeyRuleBuilder Type(params ConfigValueType[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _rule = _rule with { Types = [.. types] };
        return this;
    }

    /// <summary>Accepts only text.</summary>
    public KeyRuleBuilder String() => Type(ConfigValueType.String);

    /// <summary>Accepts only whole numbers.</summary>
    public KeyRuleBuilder Int() => Type(ConfigValueType.Int);

    /// <summary>Accepts only numbers (whole numbers too).</summary>
    public KeyRuleBuilder Float() => Type(ConfigValueType.Float);

    /// <summary>Accepts only <c>true</c> and <c>false</c>.</summary>
    public KeyRuleBuilder Bool() => Type(ConfigValueType.Bool);

    /// <summary>Accepts only lists.</summary>
    public KeyRuleBuilder List() => Type(ConfigValueType.List);

    /// <summary>Accepts only maps.</summary>
    public KeyRuleBuilder Map() => Type(ConfigValueType.Map);

    /// <summary>The key must be set.</summary>
    /// <param name="required">Whether it must.</param>
    public KeyRuleBuilder Required(bool required = true) => With(_rule with { Required = required });

    /// <summary>Accepts <c>null</c> as well as the declared types.</summary>
    /// <param name="nullable">Whether null is accepted.</param>
    public KeyRuleBuilder Nullable(bool nullable = true) => With(_rule with { Nullable = nullable });

    /// <summary>The smallest number accepted.</summary>
    /// <param name="minimum">The bound (inclusive).</param>
    public KeyRuleBuilder Min(double minimum) => With(_rule with { Minimum = minimum });

    /// <summary>The largest number accepted.</summary>
    /// <param name="maximum">The bound (inclusive).</param>
    public KeyRuleBuilder Max(double maximum) => With(_rule with { Maximum = maximum });

    /// <summary>The range of numbers accepted, both bounds inclusive.</summary>
    /// <param name="minimum">The lower bound.</param>
    /// <param name="maximum">The upper bound.</param>
    public KeyRuleBuilder Range(double minimum, double maximum) => With(_rule with { Minimum = minimum, Maximum = maximum });

    /// <summary>Numbers must be greater than this.</summary>
    /// <param name="bound">The bound (exclusive).</param>
    public KeyRuleBuilder GreaterThan(double bound) => With(_rule with { ExclusiveMinimum = bound });

    /// <summary>Numbers must be less than this.</summary>
    /// <param name="bound">The bound (exclusive).</param>
    public KeyRuleBuilder LessThan(double bound) => With(_rule with { ExclusiveMaximum = bound });

    /// <summary>The shortest length: characters of text, items of a list, keys of a map.</summary>
    /// <param name="length">The length.</param>
    public KeyRuleBuilder MinLength(int length) => With(_rule with { MinLength = length });

    /// <summary>The longest length: characters of text, items of a list, keys of a map.</summary>
    /// <param name="length">The length.</param>
    public KeyRuleBuilder MaxLength(int length) => With(_rule with { MaxLength = length });

    /// <summary>A .NET regular expression text must match (a search: anchor it with <c>^...$</c>).</summary>
    /// <param name="pattern">The regular expression.</param>
    public KeyRuleBuilder Matches(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return With(_rule with { Pattern = pattern });
    }

    /// <summary>The only values accepted: null, bool, numbers or strings.</summary>
    /// <param name="values">The values.</param>
    public KeyRuleBuilder OneOf(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return With(_rule with { Allowed = [.. values.Select(v => v as ConfigNode ?? ConfigScalar.FromObject(v, Origin.Runtime))] });
    }

    /// <summary>Whenever this key is set, these keys must be set too.</summary>
    /// <param name="keys">The patterns; wildcards take the matched key's values.</param>
    public KeyRuleBuilder Requires(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return With(_rule with { Requires = [.. _rule.Requires, .. keys.Select(KeyPattern.Parse)] });
    }

    /// <summary>For a map: whether keys the schema does not declare under it are accepted.</summary>
    /// <param name="allowed">Whether they are.</param>
    public KeyRuleBuilder AdditionalKeys(bool allowed = true) => With(_rule with { AdditionalKeys = allowed });

    /// <summary>Adds a custom check written in C#.</summary>
    /// <param name="validator">
    /// Given the value, its concrete path and the whole configuration, returns null when the value is fine or a
    /// message saying what is wrong. An exception it throws becomes an error, never a crash.
    /// </param>
    public KeyRuleBuilder Custom(Func<ConfigNode, ConfigPath, ConfigSnapshot, string?> validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return With(_rule with { Validators = [.. _rule.Validators, new KeyValidator(validator)] });
    }

    /// <summary>Adds a custom check that looks only at the value.</summary>
    /// <param name="validator">Returns null when the value is fine, or what is wrong.</param>
    public KeyRuleBuilder Custom(Func<ConfigNode, string?> validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return Custom((value, _, _) => validator(value));
    }

    /// <summary>Adds a custom check registered in a <see cref="CustomValidatorRegistry"/> under a name.</summary>
    /// <param name="name">The registered name.</param>
    public KeyRuleBuilder Custom(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return With(_rule with { CustomNames = [.. _rule.CustomNames, name] });
    }

    /// <summary>Marks the key deprecated: using it gives a warning.</summary>
    /// <param name="message">What to use instead.</param>
    public KeyRuleBuilder Deprecated(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return With(_rule with { Deprecated = message });
    }

    /// <summary>Describes the key (exported to JSON Schema for editors).</summary>
    /// <param name="description">The text.</param>
    public KeyRuleBuilder Description(string description) => With(_rule with { Description = description });

    /// <summary>Reports this rule's problems with another severity (e.g. as advisory warnings).</summary>
    /// <param name="severity">The severity.</param>
    public KeyRuleBuilder Severity(ErrorSeverity severity) => With(_rule with { Severity = severity });

    /// <summary>The rule built so far.</summary>
    internal KeyRule Build() => _rule;

    private KeyRuleBuilder With(KeyRule rule)
    {
        _rule = rule;
        return this;
    }
}
