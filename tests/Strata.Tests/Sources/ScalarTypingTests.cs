using Strata.Hierarchy;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class ScalarTypingTests
{
    private const string Range = "(-9223372036854775808 to 9223372036854775807)";

    private static readonly Origin O = new("x", 1, 1, LayerKind.Global);

    private static ConfigScalar Typed(string text)
    {
        Assert.True(ScalarTyping.TryResolve(text, O, isSecret: false, out var scalar, out var error), error);
        return scalar;
    }

    private static string TypingError(string text)
    {
        Assert.False(ScalarTyping.TryResolve(text, O, isSecret: false, out _, out var error));
        return error;
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("+12", 12L)]
    [InlineData("007", 7L)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("0x00000000000000000000001f", 31L)]
    [InlineData("0o777777777777777777777", long.MaxValue)]
    [InlineData("0o17", 15L)]
    public void Integers_inside_the_64_bit_range_are_read_exactly(string text, long expected)
    {
        var scalar = Typed(text);
        Assert.Equal(ScalarKind.Int, scalar.ScalarKind);
        Assert.Equal(expected, scalar.IntValue);
    }

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFF")]
    [InlineData("0x8000000000000000")]
    [InlineData("0o1000000000000000000000")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("10000000000000000999")]
    public void Integers_outside_the_64_bit_range_are_errors_never_wrapped_or_rounded(string text)
    {
        Assert.Equal($"this integer is outside the 64-bit range {Range}", TypingError(text));
    }

    [Theory]
    [InlineData("0o+7")]
    [InlineData("0o-7")]
    [InlineData("0x")]
    [InlineData("0o")]
    [InlineData("0o8")]
    [InlineData("0xG1")]
    [InlineData("-0x1")]
    [InlineData("0xFFFFFFFFFFFFFFFFFFFFZ")]
    [InlineData("99999999999999999999x")]
    public void Text_that_is_no_core_schema_integer_stays_a_string(string text)
    {
        var scalar = Typed(text);
        Assert.Equal(ScalarKind.String, scalar.ScalarKind);
        Assert.Equal(text, scalar.StringValue);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1.7976931348623159e308")]
    public void A_float_literal_beyond_the_double_range_is_an_error(string text)
    {
        Assert.Equal($"this number is too large for a 64-bit floating-point value", TypingError(text));
    }

    [Fact]
    public void Explicit_infinity_stays_infinity()
    {
        Assert.Equal(double.PositiveInfinity, Typed(".inf").FloatValue);
        Assert.Equal(double.NegativeInfinity, Typed("-.Inf").FloatValue);
    }

    [Fact]
    public void A_number_error_never_repeats_the_value_so_a_secret_cannot_leak_through_it()
    {
        Assert.False(ScalarTyping.TryResolve("99999999999999999999", O, isSecret: false, out _, out var error));
        Assert.DoesNotContain("9999", error, StringComparison.Ordinal);
        var json = Assert.Throws<ConfigurationLoadException>(() => Parse.Json("{\"api_token\": 123456789012345678901234}")).Errors.Single();
        Assert.DoesNotContain("123456789", json.ToString(), StringComparison.Ordinal);
        var tagged = Assert.Throws<ConfigurationLoadException>(() => Parse.Yaml("password: !!int hunter2\n")).Errors.Single();
        Assert.DoesNotContain("hunter2", tagged.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_keeps_an_out_of_range_number_as_text_for_callers_that_only_classify()
    {
        var scalar = ScalarTyping.Resolve("0xFFFFFFFFFFFFFFFF", O);
        Assert.Equal(ScalarKind.String, scalar.ScalarKind);
        Assert.Equal("0xFFFFFFFFFFFFFFFF", scalar.StringValue);
    }

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFF", "this integer is outside the 64-bit range " + Range)]
    [InlineData("1e400", "this number is too large for a 64-bit floating-point value")]
    public void An_environment_variable_with_an_out_of_range_number_fails_the_load_at_its_name(string value, string message)
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => Manager(vars: new() { ["STRATA__A"] = value }).Load());
        Assert.Equal($"env:STRATA__A: a: {message}", ex.Errors.Single().ToString());
    }

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFF", "this integer is outside the 64-bit range " + Range)]
    [InlineData("1e400", "this number is too large for a 64-bit floating-point value")]
    public void A_set_override_with_an_out_of_range_number_fails_the_load_as_cli(string value, string message)
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => Manager(overrides: "a=" + value).Load());
        Assert.Equal($"cli: a: {message}", ex.Errors.Single().ToString());
    }

    [Fact]
    public void A_set_flow_value_with_an_out_of_range_number_fails_as_cli()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => CommandLineOverrides.Build(["a=[1, 0x8000000000000000]"]));
        Assert.Equal(
            $"cli: a: --set value '[1, 0x8000000000000000]' is not a valid YAML flow value: this integer is outside the 64-bit range {Range}; quote it to keep it as text",
            ex.Errors.Single().ToString());
    }

    [Fact]
    public void An_environment_variable_for_a_secret_key_does_not_show_its_value_in_the_error()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => EnvironmentVariableSource.Build(new Dictionary<string, string> { ["STRATA__API_TOKEN"] = "123456789012345678901234" }, "STRATA__", ConfigMap.Empty(O)));
        Assert.Equal($"env:STRATA__API_TOKEN: api_token: this integer is outside the 64-bit range {Range}", ex.Errors.Single().ToString());
    }

    [Fact]
    public void Octal_with_a_sign_from_a_file_an_environment_variable_or_set_is_a_string_not_a_crash()
    {
        var snapshot = Manager(vars: new() { ["STRATA__A"] = "0o-7", ["STRATA__B"] = "0o+7" }, overrides: "c=0o-7").Load();
        Assert.Equal("0o-7", snapshot.Get<string>("a"));
        Assert.Equal("0o+7", snapshot.Get<string>("b"));
        Assert.Equal("0o-7", snapshot.Get<string>("c"));
        var file = Parse.Yaml("a: 0o-7\nb: 0o+7\n");
        Assert.Equal("0o-7", ((ConfigScalar)file[0].Value).StringValue);
        Assert.Equal("0o+7", ((ConfigScalar)file[1].Value).StringValue);
    }

    private static EnvironmentConfigManager Manager(Dictionary<string, string>? vars = null, params string[] overrides)
    {
        var options = new EnvironmentConfigOptions { Environment = "development", EnvironmentVariables = vars ?? [] };
        foreach (var o in overrides)
        {
            options.Overrides.Add(o);
        }

        return new EnvironmentConfigManager(TestPaths.SampleConfig, options);
    }
}
