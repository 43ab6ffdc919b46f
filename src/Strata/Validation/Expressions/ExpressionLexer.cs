using System.Globalization;
using System.Text;

namespace Strata.Validation.Expressions;

/// <summary>Splits a rule expression into tokens. Paths are read whole: <c>curriculum_phases[*].steps</c> is one token.</summary>
internal static class ExpressionLexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (char.IsAsciiLetter(c) || c is '_' or '`')
            {
                tokens.Add(ReadPath(text, ref i));
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.LeftParen, "(", i++));
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.RightParen, ")", i++));
            }
            else if (c == ',')
            {
                tokens.Add(new Token(TokenKind.Comma, ",", i++));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||")
                {
                    tokens.Add(new Token(TokenKind.Operator, two, i));
                    i += 2;
                }
                else if (c is '<' or '>' or '+' or '-' or '*' or '/' or '%' or '!')
                {
                    tokens.Add(new Token(TokenKind.Operator, c.ToString(), i++));
                }
                else if (c == '=')
                {
                    throw new ExpressionSyntaxException("'=' is not an operator; compare with '=='", start);
                }
                else
                {
                    throw new ExpressionSyntaxException($"unexpected character '{c}'", start);
                }
            }
        }
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var save = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                i = save;
            }
            else
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            throw new ExpressionSyntaxException($"'{text[start..(i + 1)]}' is not a number; a key that starts with a digit is written in backticks", start);
        }

        var literal = text[start..i];
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Token(TokenKind.Number, literal, start, value);
    }

    private static Token ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        var sb = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                sb.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == quote)
            {
                i++;
                return new Token(TokenKind.String, sb.ToString(), start);
            }

            sb.Append(c);
            i++;
        }

        throw new ExpressionSyntaxException("the text literal is never closed", start);
    }

    private static Token ReadPath(string text, ref int i)
    {
        var start = i;
        var segments = new List<PatternSegment>();
        var quoted = text[i] == '`';
        segments.Add(PatternSegment.ForKey(ReadKey(text, ref i)));
        while (i < text.Length)
        {
            if (text[i] == '.' && i + 1 < text.Length && (IsIdentifierPart(text[i + 1]) || text[i + 1] is '*' or '`'))
            {
                i++;
                if (text[i] == '*')
                {
                    segments.Add(PatternSegment.AnyKey);
                    i++;
                }
                else
                {
                    segments.Add(PatternSegment.ForKey(ReadKey(text, ref i)));
                }
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    throw new ExpressionSyntaxException("'[' is never closed", i);
                }

                var inside = text.AsSpan(i + 1, close - i - 1).Trim();
                if (inside is "*")
                {
                    segments.Add(PatternSegment.AnyIndex);
                }
                else if (!inside.IsEmpty && int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(PatternSegment.ForIndex(index));
                }
                else
                {
                    throw new ExpressionSyntaxException($"'[{inside}]' is not a list index (a whole number from 0, or * for every item)", i);
                }

                i = close + 1;
            }
            else
            {
                break;
            }
        }

        return new Token(TokenKind.Path, text[start..i], start, Pattern: KeyPattern.FromSegments(segments), Quoted: quoted);
    }

    private static string ReadKey(string text, ref int i)
    {
        if (text[i] == '`')
        {
            var at = i;
            if (!KeyPattern.TryReadQuoted(text, ref i, out var key, out _))
            {
                throw new ExpressionSyntaxException("the backtick is never closed", at);
            }

            return key;
        }

        var start = i;
        while (i < text.Length && IsIdentifierPart(text[i]))
        {
            i++;
        }

        return text[start..i];
    }

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
