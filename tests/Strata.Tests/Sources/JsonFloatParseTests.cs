using System.Globalization;
using System.Text;
using CsCheck;
using Strata.Sources.Json;

namespace Strata.Tests.Sources;

/// <summary>A JSON float read by the direct path for plain decimals is, to the bit, what a full parse gives.</summary>
public class JsonFloatParseTests
{
    [Theory]
    [InlineData("0.5")]
    [InlineData("-0.0")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456789012345.6")]
    [InlineData("999999999999999.9")]
    [InlineData("9007199254740993.0")]
    [InlineData("1e5")]
    [InlineData("-1.5E-3")]
    [InlineData("0.000000000000001")]
    [InlineData("3.141592653589793")]
    public void A_float_token_reads_as_the_full_parse_reads_it(string text) => AssertSameAsFullParse(text);

    [Fact]
    public void Plain_decimals_of_up_to_sixteen_digits_read_as_the_full_parse_reads_them()
    {
        Gen.Select(Gen.Long[0, 9_999_999_999_999_999], Gen.Int[1, 16], Gen.Bool).Sample((digits, fractionDigits, negative) =>
        {
            var text = digits.ToString(CultureInfo.InvariantCulture).PadLeft(fractionDigits + 1, '0');
            var point = text.Length - fractionDigits;
            AssertSameAsFullParse((negative ? "-" : string.Empty) + text[..point] + "." + text[point..]);
        });
    }

    [Fact]
    public void Doubles_written_round_trip_read_back_to_the_same_bits()
    {
        Gen.Double.Where(double.IsFinite).Sample(value =>
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            Assert.True(JsonNumbers.TryParseFloat(Encoding.ASCII.GetBytes(text), out var read));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read));
        });
    }

    private static void AssertSameAsFullParse(string text)
    {
        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(JsonNumbers.TryParseFloat(Encoding.ASCII.GetBytes(text), out var read), text);
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(read), $"{text}: {read:R} against {expected:R}");
    }
}
