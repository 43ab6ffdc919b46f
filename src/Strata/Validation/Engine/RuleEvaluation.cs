using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation.Engine;

/// <summary>One run of a rule schema over a snapshot: what is checked, and the problems and failed keys found so far.</summary>
/// <param name="schema">The schema.</param>
/// <param name="snapshot">The configuration checked.</param>
/// <param name="options">The validator's settings.</param>
internal sealed class RuleEvaluation(ValidationSchema schema, ConfigSnapshot snapshot, ConfigurationValidatorOptions options)
{
    public ValidationSchema Schema => schema;

    public ConfigSnapshot Snapshot => snapshot;

    public ConfigurationValidatorOptions Options => options;

    public ConfigMap Root => snapshot.Root;

    /// <summary>Every problem found, in the order found.</summary>
    public List<ValidationError> Problems { get; } = [];

    /// <summary>The paths whose value already failed a check (wrong type, missing, wrong shape).</summary>
    public HashSet<string> Failed { get; } = new(StringComparer.Ordinal);

    public void Add(string path, string message, ErrorSeverity severity, Origin? origin, string rule) =>
        Problems.Add(new ValidationError(path, message, severity, origin) { Rule = rule });

    public bool IsSecret(ConfigPath path, ConfigNode node) => Options.Redactor.IsSecret(path, node);
}
