namespace Strata.Validation.Expressions;

/// <summary>A malformed rule expression; <see cref="Position"/> is the 0-based offset of the problem in the text.</summary>
internal sealed class ExpressionSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
