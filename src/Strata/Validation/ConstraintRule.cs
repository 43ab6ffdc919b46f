using Strata.Model;

namespace Strata.Validation;

/// <summary>
/// A cross-field rule stated as an expression over keys, such as <c>learning.epsilon_min &lt;= learning.epsilon_start</c>
/// or <c>approx(sum(population.agent_ratios.*), 1.0, 0.001)</c>. The expression language is described in
/// docs/validation.md; it is parsed into a tree and evaluated, never compiled or executed as code.
/// </summary>
/// <param name="Check">The expression that must hold.</param>
internal sealed record ConstraintRule(string Check)
{
    /// <summary>A short name, shown in messages as <c>rule:NAME</c>.</summary>
    public string? Name { get; init; }

    /// <summary>An expression that must hold for the rule to apply; the rule is skipped when it is false.</summary>
    public string? When { get; init; }

    /// <summary>
    /// A pattern with wildcards (<c>curriculum_phases[*]</c>): the rule is checked once per match, and the same
    /// wildcards in <see cref="Check"/> refer to that match. Inferred from the check when null.
    /// </summary>
    public KeyPattern? ForEach { get; init; }

    /// <summary>The key an error is reported at; by default the first key the check uses.</summary>
    public KeyPattern? At { get; init; }

    /// <summary>The message of a failure; by default the check itself. The values seen are always appended.</summary>
    public string? Message { get; init; }

    /// <summary>The severity of a failure.</summary>
    public ErrorSeverity Severity { get; init; } = ErrorSeverity.Error;

    /// <summary>Where the rule was declared, for rules read from a schema file.</summary>
    public Origin? Origin { get; init; }

    /// <summary>Where each field was declared, for precise schema errors; for expressions the column is that of its first character.</summary>
    internal IReadOnlyDictionary<string, Origin> FieldOrigins { get; init; } = new Dictionary<string, Origin>(StringComparer.Ordinal);

    /// <summary>Where the first character of each expression field is, when the file wrote it on one line (so columns are exact).</summary>
    internal IReadOnlyDictionary<string, Origin> ExpressionOrigins { get; init; } = new Dictionary<string, Origin>(StringComparer.Ordinal);

    /// <summary>The name used in messages.</summary>
    internal string DisplayName => Name ?? Check;

    internal Origin? OriginOf(string field) => FieldOrigins.TryGetValue(field, out var o) ? o : Origin;
}
