using System.Collections.Immutable;

namespace Strata.Validation.Expressions;

/// <summary>
/// Parses the small rule language (see docs/validation.md). Precedence, loosest first: <c>or</c>/<c>||</c>,
/// <c>and</c>/<c>&amp;&amp;</c>, <c>not</c>/<c>!</c>, comparisons (not chained), <c>+ -</c>, <c>* / %</c>, unary minus.
/// Nothing is ever compiled or executed: the result is a tree the evaluator walks.
/// </summary>
internal sealed class ExpressionParser
{
    private const int MaxDepth = 64;
    private readonly List<Token> _tokens;
    private int _at;
    private int _depth;

    private ExpressionParser(List<Token> tokens) => _tokens = tokens;

    private Token Current => _tokens[_at];

    public static Expr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExpressionSyntaxException("the expression is empty", 0);
        }

        var parser = new ExpressionParser(ExpressionLexer.Tokenize(text));
        var expr = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw new ExpressionSyntaxException($"unexpected '{parser.Current.Text}' after a complete expression", parser.Current.Position);
        }

        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (IsWord("or") || IsOperator("||"))
        {
            var at = Advance().Position;
            left = new BinaryExpr("or", left, ParseAnd(), at);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (IsWord("and") || IsOperator("&&"))
        {
            var at = Advance().Position;
            left = new BinaryExpr("and", left, ParseNot(), at);
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (IsWord("not") || IsOperator("!"))
        {
            var at = Advance().Position;
            return Nested(() => new UnaryExpr("not", ParseNot(), at));
        }

        return ParseComparison();
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        if (Current.Kind == TokenKind.Operator && Current.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Advance();
            var right = ParseAdditive();
            if (Current.Kind == TokenKind.Operator && Current.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                throw new ExpressionSyntaxException("comparisons do not chain; write 'a <= b and b <= c'", Current.Position);
            }

            return new BinaryExpr(op.Text, left, right, op.Position);
        }

        return left;
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (IsOperator("+") || IsOperator("-"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Text, left, ParseMultiplicative(), op.Position);
        }

        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (IsOperator("*") || IsOperator("/") || IsOperator("%"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Text, left, ParseUnary(), op.Position);
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (IsOperator("-"))
        {
            var at = Advance().Position;
            return Nested(() => new UnaryExpr("-", ParseUnary(), at));
        }

        if (IsOperator("+"))
        {
            Advance();
            return Nested(ParseUnary);
        }

        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralExpr(ExprValue.FromNumber(token.Number), token.Position);
            case TokenKind.String:
                Advance();
                return new LiteralExpr(ExprValue.FromString(token.Text), token.Position);
            case TokenKind.LeftParen:
            {
                Advance();
                var inner = Nested(ParseOr);
                Expect(TokenKind.RightParen, "')'");
                return inner;
            }

            case TokenKind.Path:
                Advance();
                if (!token.Quoted && token.Pattern!.Segments.Length == 1)
                {
                    switch (token.Text)
                    {
                        case "true":
                            return new LiteralExpr(ExprValue.FromBool(true), token.Position);
                        case "false":
                            return new LiteralExpr(ExprValue.FromBool(false), token.Position);
                        case "null":
                            return new LiteralExpr(ExprValue.Null, token.Position);
                        case "and" or "or" or "not":
                            throw new ExpressionSyntaxException($"'{token.Text}' needs a value before it", token.Position);
                    }

                    if (Current.Kind == TokenKind.LeftParen)
                    {
                        return ParseCall(token);
                    }
                }

                return new PathExpr(token.Pattern!, token.Text, token.Position);
            case TokenKind.End:
                throw new ExpressionSyntaxException("the expression ends too early; a value is missing", token.Position);
            default:
                throw new ExpressionSyntaxException($"expected a value, found '{token.Text}'", token.Position);
        }
    }

    private CallExpr ParseCall(Token name)
    {
        Advance();
        var args = ImmutableArray.CreateBuilder<Expr>();
        if (Current.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                args.Add(Nested(ParseOr));
                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    continue;
                }

                break;
            }
        }

        Expect(TokenKind.RightParen, "')' or ','");
        return new CallExpr(name.Text, args.ToImmutable(), name.Position);
    }

    private T Nested<T>(Func<T> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw new ExpressionSyntaxException($"the expression nests deeper than {MaxDepth} levels", Current.Position);
        }

        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            var found = Current.Kind == TokenKind.End ? "the end" : $"'{Current.Text}'";
            throw new ExpressionSyntaxException($"expected {what}, found {found}", Current.Position);
        }

        Advance();
    }

    private Token Advance() => _tokens[_at++];

    private bool IsWord(string word) => Current is { Kind: TokenKind.Path, Quoted: false } t && t.Text == word;

    private bool IsOperator(string op) => Current.Kind == TokenKind.Operator && Current.Text == op;
}
