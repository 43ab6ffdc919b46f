using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation.Engine;

/// <summary>
/// Runs a compiled rule schema over one snapshot: value checks per key rule, required keys, unknown keys,
/// cross-field rules, then whole-configuration checks. Collects every problem; never throws for a user's data.
/// </summary>
internal static class RuleSchemaEvaluator
{
    public static List<ValidationError> Run(ValidationSchema schema, ConfigSnapshot snapshot, ConfigurationValidatorOptions options)
    {
        var run = new RuleEvaluation(schema, snapshot, options);
        new StructureChecker(run).CheckStructure(run.Root, ConfigPath.Root, [schema.Compiled.Trie]);
        var keys = new KeyRuleChecker(run);
        foreach (var rule in schema.Compiled.Keys)
        {
            keys.CheckRule(rule);
        }

        var constraints = new ConstraintChecker(run);
        foreach (var constraint in schema.Compiled.Constraints)
        {
            constraints.CheckConstraint(constraint);
        }

        foreach (var check in schema.Checks)
        {
            RunCheck(run, check);
        }

        return run.Problems;
    }

    private static void RunCheck(RuleEvaluation run, Func<ConfigSnapshot, IEnumerable<ValidationError>> check)
    {
        try
        {
            run.Problems.AddRange(check(run.Snapshot));
        }
#pragma warning disable CA1031 // A custom check is user code: whatever it throws becomes an error, never a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            run.Add(string.Empty, $"a custom check failed with {ex.GetType().Name}: {ex.Message}", ErrorSeverity.Error, run.Root.Origin, "check");
        }
    }
}
