namespace Strata.Validation.Expressions;

/// <summary>A rule expression that cannot be evaluated on this configuration (comparing text with a number, dividing by zero, ...).</summary>
internal sealed class ExpressionEvaluationException(string message) : Exception(message);
