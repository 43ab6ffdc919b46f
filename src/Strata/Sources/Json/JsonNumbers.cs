using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Strata.Model;

namespace Strata.Sources.Json;

/// <summary>
/// Reads JSON numbers exactly or not at all: integers as 64-bit integers, numbers with a fraction or an
/// exponent as doubles. An integer outside the 64-bit range and a number beyond the double range are errors.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>The scalar for the number token the reader is on, or null with the problem described.</summary>
    public static ConfigScalar? Read(ref Utf8JsonReader reader, in OriginParts origin, out string? problem)
    {
        problem = null;
        if (reader.TryGetInt64(out var integer))
        {
            return ConfigScalar.Parsed(ScalarKind.Int, integer, 0, null, origin);
        }

        var raw = reader.ValueSpan;
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            problem = $"this integer is outside the 64-bit range (-9223372036854775808 to 9223372036854775807); quote it to keep it as text";
            return null;
        }

        if (TryParseFloat(raw, out var number))
        {
            return ConfigScalar.Parsed(ScalarKind.Float, 0, number, null, origin);
        }

        problem = "this number is too large for a 64-bit floating-point value";
        return null;
    }

    /// <summary>
    /// True when the current token reads as exactly <paramref name="scalar"/> (kind, value — floats to the bit — and
    /// quoting), without building anything; false for tokens that would be errors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool SameValue(ref Utf8JsonReader reader, ConfigScalar scalar)
    {
        if (scalar.IsDeleteMarker || scalar.IsQuoted != (reader.TokenType == JsonTokenType.String))
        {
            return false;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return scalar.ScalarKind == ScalarKind.String && JsonText.ValueEquals(ref reader, scalar.StringValue!);
            case JsonTokenType.True or JsonTokenType.False:
                return scalar.ScalarKind == ScalarKind.Bool && scalar.BoolValue == (reader.TokenType == JsonTokenType.True);
            case JsonTokenType.Null:
                return scalar.ScalarKind == ScalarKind.Null;
            case JsonTokenType.Number when reader.TryGetInt64(out var integer):
                return scalar.ScalarKind == ScalarKind.Int && scalar.IntValue == integer;
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                return scalar.ScalarKind == ScalarKind.Float && raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0
                    && TryParseFloat(raw, out var number)
                    && BitConverter.DoubleToInt64Bits(number) == BitConverter.DoubleToInt64Bits(scalar.FloatValue);
            default:
                return false;
        }
    }

    /// <summary>
    /// Reads a JSON number with a fraction or an exponent as the nearest double; false when it is beyond the double range.
    /// A plain decimal of at most 15 digits (the usual case in configuration) is computed directly: its digits and the
    /// power of ten are both exact doubles, so their quotient is the correctly rounded value, as a full parse gives.
    /// </summary>
    /// <param name="raw">The token's bytes, valid JSON number syntax.</param>
    /// <param name="value">The value.</param>
    internal static bool TryParseFloat(ReadOnlySpan<byte> raw, out double value)
    {
        if (TryParsePlainDecimal(raw, out value))
        {
            return true;
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> raw, out double value)
    {
        value = 0;
        var negative = raw.Length > 0 && raw[0] == (byte)'-';
        long digits = 0;
        var count = 0;
        var fraction = -1;
        for (var i = negative ? 1 : 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'.' && fraction < 0)
            {
                fraction = 0;
                continue;
            }

            if ((uint)(b - '0') > 9 || ++count > 15)
            {
                // An exponent, or more digits than a double holds exactly: the full parse decides.
                return false;
            }

            digits = (digits * 10) + (b - '0');
            if (fraction >= 0)
            {
                fraction++;
            }
        }

        if (count == 0)
        {
            return false;
        }

        var magnitude = (double)digits / PowersOfTen[Math.Max(fraction, 0)];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    // 10^0 to 10^15, every one an exact double; no plain decimal here has more fraction digits than 15.
    private static ReadOnlySpan<double> PowersOfTen => [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>The type name a scalar token would get, for errors about a value of the wrong kind.</summary>
    /// <param name="reader">The reader, on a scalar token.</param>
    public static string TypeNameOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "map",
        JsonTokenType.StartArray => "list",
        JsonTokenType.Number => reader.TryGetInt64(out _) ? "int" : "float",
        JsonTokenType.True or JsonTokenType.False => "bool",
        JsonTokenType.Null => "null",
        _ => "string",
    };
}
