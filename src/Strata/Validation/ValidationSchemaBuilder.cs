using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation;

/// <summary>
/// Builds a <see cref="ValidationSchema"/> in C#:
/// <code>
/// var schema = new ValidationSchemaBuilder()
///     .Key("max_steps", k =&gt; k.Int().Required().Min(1))
///     .Key("learning.epsilon_min", k =&gt; k.Float().Range(0, 1))
///     .Key("learning.epsilon_start", k =&gt; k.Float().Range(0, 1))
///     .Rule("learning.epsilon_min &lt;= learning.epsilon_start", "epsilon_min must not exceed epsilon_start")
///     .Build();
/// </code>
/// </summary>
public sealed class ValidationSchemaBuilder
{
    private readonly List<KeyRule> _keys = [];
    private readonly List<ConstraintRule> _rules = [];
    private readonly List<Func<ConfigSnapshot, IEnumerable<ValidationError>>> _checks = [];
    private UnknownKeyPolicy _unknownKeys = UnknownKeyPolicy.Warn;
    private TimeSpan _regexTimeout = ValidationSchema.DefaultRegexTimeout;

    /// <summary>Adds a key rule.</summary>
    /// <param name="pattern">The keys it applies to, e.g. <c>redis.port</c> or <c>curriculum_phases[*].steps</c>.</param>
    /// <param name="configure">Sets the rule's checks.</param>
    public ValidationSchemaBuilder Key(string pattern, Action<KeyRuleBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new KeyRuleBuilder(KeyPattern.Parse(pattern));
        configure(builder);
        _keys.Add(builder.Build());
        return this;
    }

    /// <summary>Adds a key rule built elsewhere.</summary>
    /// <param name="rule">The rule.</param>
    internal ValidationSchemaBuilder Key(KeyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _keys.Add(rule);
        return this;
    }

    /// <summary>Adds a cross-field rule.</summary>
    /// <param name="check">The expression that must hold, e.g. <c>learning.epsilon_min &lt;= learning.epsilon_start</c>.</param>
    /// <param name="message">The message of a failure; the check itself when null.</param>
    /// <param name="name">A short name for messages.</param>
    /// <param name="when">An expression that must hold for the rule to apply.</param>
    /// <param name="forEach">A wildcard pattern to check the rule once per match of.</param>
    /// <param name="at">The key errors are reported at.</param>
    /// <param name="severity">The severity of a failure.</param>
    public ValidationSchemaBuilder Rule(string check, string? message = null, string? name = null, string? when = null, string? forEach = null, string? at = null, ErrorSeverity severity = ErrorSeverity.Error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(check);
        _rules.Add(new ConstraintRule(check)
        {
            Message = message,
            Name = name,
            When = when,
            ForEach = forEach is null ? null : KeyPattern.Parse(forEach),
            At = at is null ? null : KeyPattern.Parse(at),
            Severity = severity,
        });
        return this;
    }

    /// <summary>Adds a cross-field rule built elsewhere.</summary>
    /// <param name="rule">The rule.</param>
    internal ValidationSchemaBuilder Rule(ConstraintRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.Add(rule);
        return this;
    }

    /// <summary>Adds a whole-configuration check written in C#; what it throws becomes an error.</summary>
    /// <param name="check">Returns the problems found (none when fine).</param>
    public ValidationSchemaBuilder Check(Func<ConfigSnapshot, IEnumerable<ValidationError>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        _checks.Add(check);
        return this;
    }

    /// <summary>Sets what to do with keys no rule declares.</summary>
    /// <param name="policy">The policy.</param>
    public ValidationSchemaBuilder UnknownKeys(UnknownKeyPolicy policy)
    {
        _unknownKeys = policy;
        return this;
    }

    /// <summary>Sets the match timeout of every regular expression.</summary>
    /// <param name="timeout">The timeout.</param>
    public ValidationSchemaBuilder RegexTimeout(TimeSpan timeout)
    {
        _regexTimeout = timeout;
        return this;
    }

    /// <summary>Builds the schema, throwing <see cref="ConfigurationLoadException"/> with every inconsistency found.</summary>
    public ValidationSchema Build()
    {
        var errors = new List<ConfigurationError>();
        return ValidationSchema.TryCreate([.. _keys], [.. _rules], [.. _checks], _unknownKeys, _regexTimeout, null, errors)
            ?? throw new ConfigurationLoadException(errors);
    }
}
