using Strata.Model;

namespace Strata.Validation;

/// <summary>
/// What the schema says about the keys a <see cref="KeyPattern"/> matches: type, presence, range, length, pattern,
/// allowed values, dependencies and custom checks. Immutable; build one with <see cref="KeyRuleBuilder"/> or an
/// object initializer, and combine rules with <see cref="ValidationSchema.Create"/>, which checks that they make sense.
/// </summary>
/// <param name="Key">The keys the rule applies to.</param>
internal sealed record KeyRule(KeyPattern Key)
{
    /// <summary>The accepted types; empty accepts any type. <see cref="ConfigValueType.Float"/> accepts whole numbers too.</summary>
    public IReadOnlyList<ConfigValueType> Types { get; init; } = [];

    /// <summary>True when the key must be set. For a pattern under a wildcard, every matched parent must have it.</summary>
    public bool Required { get; init; }

    /// <summary>True when <c>null</c> is accepted in addition to <see cref="Types"/>.</summary>
    public bool Nullable { get; init; }

    /// <summary>The smallest number accepted.</summary>
    public double? Minimum { get; init; }

    /// <summary>The largest number accepted.</summary>
    public double? Maximum { get; init; }

    /// <summary>Numbers must be greater than this.</summary>
    public double? ExclusiveMinimum { get; init; }

    /// <summary>Numbers must be less than this.</summary>
    public double? ExclusiveMaximum { get; init; }

    /// <summary>The shortest length accepted: characters of a text, items of a list, keys of a map.</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest length accepted: characters of a text, items of a list, keys of a map.</summary>
    public int? MaxLength { get; init; }

    /// <summary>A .NET regular expression text must match (a search; anchor it with <c>^...$</c>). Runs with the schema's match timeout.</summary>
    public string? Pattern { get; init; }

    /// <summary>The only values accepted; numbers compare by value (<c>1</c> equals <c>1.0</c>). Null accepts anything.</summary>
    public IReadOnlyList<ConfigNode>? Allowed { get; init; }

    /// <summary>Keys that must be set whenever this one is set (to something other than null). Wildcards bind to the matched key's.</summary>
    public IReadOnlyList<KeyPattern> Requires { get; init; } = [];

    /// <summary>For a map: true allows keys the schema does not declare under it, false reports them; null decides by whether any are declared.</summary>
    public bool? AdditionalKeys { get; init; }

    /// <summary>Custom checks written in C#.</summary>
    public IReadOnlyList<KeyValidator> Validators { get; init; } = [];

    /// <summary>Names of custom checks registered in a <see cref="CustomValidatorRegistry"/>.</summary>
    public IReadOnlyList<string> CustomNames { get; init; } = [];

    /// <summary>When set, using the key gives a warning with this text.</summary>
    public string? Deprecated { get; init; }

    /// <summary>What the key is for (exported to JSON Schema for editors).</summary>
    public string? Description { get; init; }

    /// <summary>The severity of problems this rule finds (a rule can be advisory).</summary>
    public ErrorSeverity Severity { get; init; } = ErrorSeverity.Error;

    /// <summary>Where the rule was declared, for rules read from a schema file.</summary>
    public Origin? Origin { get; init; }

    /// <summary>Where each field of the rule was declared (by field name), for precise schema errors.</summary>
    internal IReadOnlyDictionary<string, Origin> FieldOrigins { get; init; } = new Dictionary<string, Origin>(StringComparer.Ordinal);

    /// <summary>True when the rule declares any numeric bound.</summary>
    internal bool HasRange => Minimum is not null || Maximum is not null || ExclusiveMinimum is not null || ExclusiveMaximum is not null;

    internal Origin? OriginOf(string field) => FieldOrigins.TryGetValue(field, out var o) ? o : Origin;
}
