using Strata.Model;
using Strata.Validation.Expressions;

namespace Strata.Validation.Engine;

/// <summary>
/// Evaluates the cross-field rules, once per match of their wildcards, and reports each that does not hold with the
/// values it read. A rule that reads a key already reported as failed stays quiet.
/// </summary>
internal sealed class ConstraintChecker(RuleEvaluation run)
{
    private ConfigMap Root => run.Root;

    private void Add(string path, string message, ErrorSeverity severity, Origin? origin, string rule) => run.Add(path, message, severity, origin, rule);

    public void CheckConstraint(CompiledConstraint constraint)
    {
        IEnumerable<ConfigPath?> bindings = constraint.Iteration is null ? [null] : constraint.Iteration.Match(Root).Select(m => (ConfigPath?)m.Key).ToList();
        foreach (var binding in bindings)
        {
            var evaluator = new ExpressionEvaluator(Root, constraint.Iteration, binding, constraint.Regexes, run.Options.Redactor);
            var rule = constraint.Rule;
            var ruleName = "rule" + (rule.Name is null ? string.Empty : ":" + rule.Name);
            try
            {
                if (constraint.When is { } when)
                {
                    var applies = evaluator.Evaluate(when);
                    if (applies.Kind != ExprKind.Bool || !applies.Bool)
                    {
                        continue;
                    }
                }

                evaluator.Observations.Clear();
                var result = evaluator.Evaluate(constraint.Check);
                if (result.IsMissing || (result.Kind == ExprKind.Bool && result.Bool))
                {
                    continue;
                }

                if (TouchesFailedKey(evaluator))
                {
                    continue;
                }

                var (path, origin) = Locate(constraint, evaluator);
                var message = result.Kind != ExprKind.Bool
                    ? $"rule '{rule.DisplayName}' gives {result.KindName} {result.Display()}, not true or false"
                    : rule.Message ?? (rule.Name is null ? $"'{rule.Check}' does not hold" : $"rule '{rule.Name}' does not hold: {rule.Check}");
                Add(path, message + Describe(evaluator.Observations), rule.Severity, origin, ruleName);
            }
            catch (ExpressionEvaluationException ex)
            {
                if (TouchesFailedKey(evaluator))
                {
                    continue;
                }

                var (path, origin) = Locate(constraint, evaluator);
                Add(path, $"rule '{rule.DisplayName}' cannot be checked: {ex.Message}", rule.Severity, origin, ruleName);
            }
        }
    }

    private bool TouchesFailedKey(ExpressionEvaluator evaluator) =>
        evaluator.Observations.Any(o => o.Path is { } p && run.Failed.Any(f => p.Text == f || p.Text.StartsWith(f + ".", StringComparison.Ordinal) || p.Text.StartsWith(f + "[", StringComparison.Ordinal)));

    private (string Path, Origin? Origin) Locate(CompiledConstraint constraint, ExpressionEvaluator evaluator)
    {
        IEnumerable<KeyPattern> candidates = constraint.Check.Walk().OfType<PathExpr>().Select(p => p.Pattern);
        if (constraint.Rule.At is { } at)
        {
            candidates = candidates.Prepend(at);
        }

        foreach (var candidate in candidates)
        {
            var bound = evaluator.Bind(candidate);
            var segments = bound.Segments.TakeWhile(s => !s.IsWildcard).ToList();
            if (segments.Count == 0 || !KeyPattern.FromSegments(segments).TryGetPath(out var path))
            {
                continue;
            }

            if (ConfigTree.TryGet(Root, path, out var node))
            {
                return (path.Text, node.Origin);
            }
        }

        return (string.Empty, Root.Origin);
    }

    private string Describe(List<Observation> observations)
    {
        var parts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in observations)
        {
            if (!seen.Add(o.Text))
            {
                continue;
            }

            var where = o.Path is { } p && ConfigTree.TryGet(Root, p, out var node) ? $" at {node.Origin}" : string.Empty;
            parts.Add($"{o.Text} = {o.Value.Display()}{where}");
        }

        return parts.Count == 0 ? string.Empty : " (" + string.Join("; ", parts) + ")";
    }
}
