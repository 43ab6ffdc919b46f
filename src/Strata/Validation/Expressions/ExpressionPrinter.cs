using System.Text;
using Strata.Model;

namespace Strata.Validation.Expressions;

/// <summary>Writes an expression back as text, for messages.</summary>
internal static class ExpressionPrinter
{
    public static string Print(Expr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr, 0);
        return sb.ToString();
    }

    private static int Precedence(Expr e) => e switch
    {
        BinaryExpr { Operator: "or" } => 1,
        BinaryExpr { Operator: "and" } => 2,
        UnaryExpr { Operator: "not" } => 3,
        BinaryExpr { Operator: "==" or "!=" or "<" or "<=" or ">" or ">=" } => 4,
        BinaryExpr { Operator: "+" or "-" } => 5,
        BinaryExpr => 6,
        UnaryExpr => 7,
        _ => 8,
    };

    private static void Write(StringBuilder sb, Expr e, int outer)
    {
        var mine = Precedence(e);
        var parens = mine < outer;
        if (parens)
        {
            sb.Append('(');
        }

        switch (e)
        {
            case LiteralExpr l:
                sb.Append(l.Value.Display());
                break;
            case PathExpr p:
                WritePath(sb, p.Pattern);
                break;
            case UnaryExpr u:
                sb.Append(u.Operator == "not" ? "not " : u.Operator);
                Write(sb, u.Operand, mine);
                break;
            case BinaryExpr b:
                Write(sb, b.Left, mine);
                sb.Append(' ').Append(b.Operator).Append(' ');
                Write(sb, b.Right, mine + 1);
                break;
            case CallExpr c:
                sb.Append(c.Name).Append('(');
                for (var i = 0; i < c.Args.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, c.Args[i], 0);
                }

                sb.Append(')');
                break;
        }

        if (parens)
        {
            sb.Append(')');
        }
    }

    // A path as the expression reader reads it back: a key is bare only when it is a plain identifier
    // (letters, digits and '_', starting with a letter or '_' when it comes first, and not a word such as
    // 'and' or 'true'); any other key is in backticks, as in the path grammar.
    private static void WritePath(StringBuilder sb, KeyPattern pattern)
    {
        for (var i = 0; i < pattern.Segments.Length; i++)
        {
            var segment = pattern.Segments[i];
            if (segment.Kind == PatternSegmentKind.Key)
            {
                if (i > 0)
                {
                    sb.Append('.');
                }

                var key = segment.Key!;
                sb.Append(IsPlainIdentifier(key, first: i == 0) ? key : PathSyntax.Quote(key));
            }
            else
            {
                sb.Append(i > 0 && segment.Kind == PatternSegmentKind.AnyKey ? "." : string.Empty).Append(segment.ToString());
            }
        }
    }

    private static bool IsPlainIdentifier(string key, bool first) =>
        key.Length > 0
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && (!first || !char.IsAsciiDigit(key[0]))
        && key is not ("true" or "false" or "null" or "and" or "or" or "not");
}
