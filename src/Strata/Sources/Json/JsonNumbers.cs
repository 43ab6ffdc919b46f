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

        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return ConfigScalar.Parsed(ScalarKind.Float, 0, number, null, origin);
        }

        problem = "this number is too large for a 64-bit floating-point value";
        return null;
    }

    /// <summary>The type name a scalar token would get, for errors about a value of the wrong kind.</summary>
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
                    && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    && BitConverter.DoubleToInt64Bits(number) == BitConverter.DoubleToInt64Bits(scalar.FloatValue);
            default:
                return false;
        }
    }

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
