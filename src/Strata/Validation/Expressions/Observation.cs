using Strata.Model;

namespace Strata.Validation.Expressions;

/// <summary>A value the evaluator looked at, so a failed rule can say what it saw and where each value came from.</summary>
/// <param name="Text">The path or call, as written (wildcards bound).</param>
/// <param name="Value">What it evaluated to.</param>
/// <param name="Path">The concrete path, for a key.</param>
internal readonly record struct Observation(string Text, ExprValue Value, ConfigPath? Path);
