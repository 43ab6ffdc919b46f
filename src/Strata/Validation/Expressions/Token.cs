namespace Strata.Validation.Expressions;

/// <summary>The kinds of token in a rule expression.</summary>
internal enum TokenKind
{
    Number,
    String,
    Path,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    End,
}

/// <summary>One token; <see cref="Pattern"/> is set for paths, <see cref="Number"/> for numbers, <see cref="Text"/> otherwise.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0, KeyPattern? Pattern = null, bool Quoted = false);
