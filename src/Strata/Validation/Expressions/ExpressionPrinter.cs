using System.Text;

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
                sb.Append(p.Pattern.Text);
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
}
