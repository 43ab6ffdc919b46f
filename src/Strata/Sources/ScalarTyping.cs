using System.Globalization;
using Strata.Model;

namespace Strata.Sources;

/// <summary>
/// Resolves plain (unquoted) scalars with the YAML 1.2 core schema: null, bool, int (decimal,
/// <c>0o</c> octal, <c>0x</c> hex), float (including <c>.inf</c> and <c>.nan</c>); anything else is a string.
/// </summary>
public static class ScalarTyping
{
    /// <summary>Types a plain scalar.</summary>
    /// <param name="text">The scalar's text.</param>
    /// <param name="origin">Its origin.</param>
    /// <param name="isSecret">Whether it was tagged secret.</param>
    public static ConfigScalar Resolve(string text, Origin origin, bool isSecret = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return ConfigScalar.Null(origin, isSecret);
            case "true" or "True" or "TRUE":
                return ConfigScalar.Bool(true, origin, isSecret);
            case "false" or "False" or "FALSE":
                return ConfigScalar.Bool(false, origin, isSecret);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return ConfigScalar.Float(double.PositiveInfinity, origin, isSecret);
            case "-.inf" or "-.Inf" or "-.INF":
                return ConfigScalar.Float(double.NegativeInfinity, origin, isSecret);
            case ".nan" or ".NaN" or ".NAN":
                return ConfigScalar.Float(double.NaN, origin, isSecret);
        }

        if (TryInt(text, out var i))
        {
            return ConfigScalar.Int(i, origin, isSecret);
        }

        if (LooksLikeFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return ConfigScalar.Float(d, origin, isSecret);
        }

        return ConfigScalar.String(text, origin, isSecret);
    }

    private static bool TryInt(string text, out long value)
    {
        value = 0;
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2)
        {
            try
            {
                value = Convert.ToInt64(text[2..], 8);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2)
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        var span = text.AsSpan();
        var start = span.Length > 0 && (span[0] == '-' || span[0] == '+') ? 1 : 0;
        if (start == span.Length)
        {
            return false;
        }

        for (var k = start; k < span.Length; k++)
        {
            if (!char.IsAsciiDigit(span[k]))
            {
                return false;
            }
        }

        return long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool LooksLikeFloat(string text)
    {
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var i = 0;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                i++;
            }

            var exp = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exp++;
            }

            if (exp == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
