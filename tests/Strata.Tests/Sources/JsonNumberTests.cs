using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class JsonNumberTests
{
    private static string ErrorLine(string json) =>
        Assert.Single(Assert.Throws<ConfigurationLoadException>(() => Parse.Json(json, "base.json")).Errors).ToString();

    private static ConfigScalar Value(string number) => (ConfigScalar)Parse.Json("{\"a\": " + number + "}")[0].Value;

    [Theory]
    [InlineData("10000000000000000999")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551615")]
    [InlineData("123456789012345678901234567890")]
    public void An_integer_outside_the_64_bit_range_is_an_error_at_its_position(string number)
    {
        Assert.Equal(
            $"base.json:2:11: server.port: this integer is outside the 64-bit range (-9223372036854775808 to 9223372036854775807); quote it to keep it as text",
            ErrorLine("{\"server\": {\n  \"port\": " + number + "\n}}"));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1.5E+309")]
    public void A_number_beyond_the_double_range_is_an_error_at_its_position(string number)
    {
        Assert.Equal(
            $"base.json:1:7: a: this number is too large for a 64-bit floating-point value",
            ErrorLine("{\"a\": " + number + "}"));
    }

    [Fact]
    public void An_out_of_range_number_in_an_array_names_its_index() =>
        Assert.Equal(
            "base.json:1:12: a[2]: this integer is outside the 64-bit range (-9223372036854775808 to 9223372036854775807); quote it to keep it as text",
            ErrorLine("{\"a\": [1,2,99999999999999999999]}"));

    [Fact]
    public void The_64_bit_extremes_are_integers()
    {
        Assert.Equal(long.MaxValue, Value("9223372036854775807").IntValue);
        Assert.Equal(long.MinValue, Value("-9223372036854775808").IntValue);
    }

    [Theory]
    [InlineData("0", ScalarKind.Int, 0.0)]
    [InlineData("-0", ScalarKind.Int, 0.0)]
    [InlineData("1.0", ScalarKind.Float, 1.0)]
    [InlineData("-0.0", ScalarKind.Float, -0.0)]
    [InlineData("1e2", ScalarKind.Float, 100.0)]
    [InlineData("1E2", ScalarKind.Float, 100.0)]
    [InlineData("0.1", ScalarKind.Float, 0.1)]
    [InlineData("1e-3", ScalarKind.Float, 0.001)]
    [InlineData("1.7976931348623157e308", ScalarKind.Float, double.MaxValue)]
    public void Numbers_in_range_keep_their_kind_and_value(string number, ScalarKind kind, double expected)
    {
        var value = Value(number);

        Assert.Equal(kind, value.ScalarKind);
        Assert.Equal(expected, value.FloatValue);
    }

    [Fact]
    public void A_quoted_big_integer_stays_text() =>
        Assert.Equal("10000000000000000999", Value("\"10000000000000000999\"").StringValue);
}
