using System.Text.RegularExpressions;
using Strata.Validation.Expressions;

namespace Strata.Validation.Engine;

/// <summary>A cross-field rule ready to run: parsed check and condition, the iteration pattern, and compiled regexes.</summary>
internal sealed record CompiledConstraint(
    ConstraintRule Rule,
    Expr Check,
    Expr? When,
    KeyPattern? Iteration,
    IReadOnlyDictionary<CallExpr, Regex> Regexes);
