using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Strata.Model;
using Strata.Secrets;

namespace Strata.Sources;

/// <summary>
/// Resolves plain (unquoted) scalars with the YAML 1.2 core schema: null, bool, int (decimal,
/// <c>0o</c> octal, <c>0x</c> hex), float (including <c>.inf</c> and <c>.nan</c>); anything else is a string.
/// </summary>
internal static class ScalarTyping
{
    private const string Int64Range = "(-9223372036854775808 to 9223372036854775807)";

    /// <summary>
    /// Types a plain scalar. A number that does not fit (an integer outside 64 bits, a float beyond
    /// the double range) stays text here; the file, environment and command-line sources reject it.
    /// </summary>
    /// <param name="text">The scalar's text.</param>
    /// <param name="origin">Its origin.</param>
    /// <param name="isSecret">Whether it was tagged secret.</param>
    public static ConfigScalar Resolve(string text, Origin origin, bool isSecret = false) =>
        TryResolve(text, origin, isSecret, out var scalar, out _) ? scalar : ConfigScalar.String(text, origin, isSecret);

    /// <summary>
    /// Types a plain scalar, or says why it cannot: text that matches a core-schema integer but lies
    /// outside the 64-bit range, or a float literal beyond the double range.
    /// </summary>
    /// <param name="text">The scalar's text.</param>
    /// <param name="origin">Its origin.</param>
    /// <param name="isSecret">Whether it is secret.</param>
    /// <param name="scalar">The typed scalar.</param>
    /// <param name="error">What is wrong, as the message part of an error line.</param>
    internal static bool TryResolve(string text, Origin origin, bool isSecret, [NotNullWhen(true)] out ConfigScalar? scalar, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                scalar = ConfigScalar.Null(origin, isSecret);
                return true;
            case "true" or "True" or "TRUE":
                scalar = ConfigScalar.Bool(true, origin, isSecret);
                return true;
            case "false" or "False" or "FALSE":
                scalar = ConfigScalar.Bool(false, origin, isSecret);
                return true;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                scalar = ConfigScalar.Float(double.PositiveInfinity, origin, isSecret);
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                scalar = ConfigScalar.Float(double.NegativeInfinity, origin, isSecret);
                return true;
            case ".nan" or ".NaN" or ".NAN":
                scalar = ConfigScalar.Float(double.NaN, origin, isSecret);
                return true;
        }

        switch (ReadInt(text, out var i))
        {
            case IntReading.Value:
                scalar = ConfigScalar.Int(i, origin, isSecret);
                return true;
            case IntReading.OutOfRange:
                scalar = null;
                error = $"this integer is outside the 64-bit range {Int64Range}";
                return false;
        }

        if (TryFloat(text, isSecret, out var d, out error))
        {
            scalar = ConfigScalar.Float(d, origin, isSecret);
            return true;
        }

        scalar = error is null ? ConfigScalar.String(text, origin, isSecret) : null;
        return error is null;
    }

    /// <summary>
    /// Reads a core-schema float literal (which includes the decimal integers). False with a null
    /// <paramref name="error"/> when the text is no such literal; false with an error when it overflows.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="isSecret">Whether the error may repeat the text.</param>
    /// <param name="value">The value read.</param>
    /// <param name="error">Why a float literal cannot be read.</param>
    internal static bool TryFloat(string text, bool isSecret, out double value, out string? error)
    {
        error = null;
        if (!LooksLikeFloat(text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        if (double.IsInfinity(value))
        {
            error = "this number is too large for a 64-bit floating-point value";
            return false;
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="text"/>, written as a plain scalar, would read back as this same string:
    /// writers quote every other string (numbers, booleans, null, and out-of-range numbers that would be errors).
    /// </summary>
    /// <param name="text">The string to write.</param>
    internal static bool ReadsBackAsString(string text) =>
        TryResolve(text, Origin.Runtime, isSecret: false, out var scalar, out _) && scalar.ScalarKind == ScalarKind.String;


    // Core-schema integers: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+. Anything else is not an integer.
    private static IntReading ReadInt(string text, out long value)
    {
        value = 0;
        if (text.Length > 2 && text[0] == '0' && text[1] is 'o' or 'x')
        {
            var radix = text[1] == 'o' ? 8 : 16;
            ulong acc = 0;
            for (var k = 2; k < text.Length; k++)
            {
                var digit = DigitValue(text[k]);
                if (digit < 0 || digit >= radix)
                {
                    return IntReading.NotAnInteger;
                }

                if (acc > (ulong)(long.MaxValue - digit) / (ulong)radix)
                {
                    // Keep checking the pattern: a later non-digit makes this text, not an error.
                    for (var rest = k + 1; rest < text.Length; rest++)
                    {
                        var d = DigitValue(text[rest]);
                        if (d < 0 || d >= radix)
                        {
                            return IntReading.NotAnInteger;
                        }
                    }

                    return IntReading.OutOfRange;
                }

                acc = (acc * (ulong)radix) + (ulong)digit;
            }

            value = (long)acc;
            return IntReading.Value;
        }

        var span = text.AsSpan();
        var start = span.Length > 0 && (span[0] == '-' || span[0] == '+') ? 1 : 0;
        if (start == span.Length)
        {
            return IntReading.NotAnInteger;
        }

        for (var k = start; k < span.Length; k++)
        {
            if (!char.IsAsciiDigit(span[k]))
            {
                return IntReading.NotAnInteger;
            }
        }

        return long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            ? IntReading.Value
            : IntReading.OutOfRange;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

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

    private enum IntReading
    {
        NotAnInteger,
        Value,
        OutOfRange,
    }
}
