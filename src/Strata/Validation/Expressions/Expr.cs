using System.Collections.Immutable;

namespace Strata.Validation.Expressions;

/// <summary>A node of a parsed rule expression; <see cref="Position"/> is its 0-based offset in the text.</summary>
internal abstract record Expr(int Position)
{
    /// <summary>The expression and its sub-expressions, depth first.</summary>
    public IEnumerable<Expr> Walk()
    {
        yield return this;
        IEnumerable<Expr> children = this switch
        {
            UnaryExpr u => [u.Operand],
            BinaryExpr b => [b.Left, b.Right],
            CallExpr c => c.Args,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var e in child.Walk())
            {
                yield return e;
            }
        }
    }
}

/// <summary>A number, text, <c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed record LiteralExpr(ExprValue Value, int Position) : Expr(Position);

/// <summary>A key path, possibly with wildcards.</summary>
internal sealed record PathExpr(KeyPattern Pattern, string Text, int Position) : Expr(Position);

/// <summary><c>not x</c>, <c>!x</c> or <c>-x</c>.</summary>
internal sealed record UnaryExpr(string Operator, Expr Operand, int Position) : Expr(Position);

/// <summary>A binary operation: arithmetic, comparison, <c>and</c>, <c>or</c>.</summary>
internal sealed record BinaryExpr(string Operator, Expr Left, Expr Right, int Position) : Expr(Position);

/// <summary>A function call such as <c>sum(population.agent_ratios.*)</c>.</summary>
internal sealed record CallExpr(string Name, ImmutableArray<Expr> Args, int Position) : Expr(Position);
