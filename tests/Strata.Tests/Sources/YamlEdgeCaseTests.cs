using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

/// <summary>Inputs at the edges of YAML 1.2 and of the core schema, and what Strata makes of them.</summary>
public class YamlEdgeCaseTests
{
    private const string Range = "(-9223372036854775808 to 9223372036854775807)";

    private static string Error(string yaml) =>
        Assert.Throws<ConfigurationLoadException>(() => Parse.Yaml(yaml, "base.yaml")).Errors.Single().ToString();

    private static ConfigNode Node(ConfigMap map, string path) =>
        ConfigTree.TryGet(map, ConfigPath.Parse(path), out var node) ? node : throw new KeyNotFoundException(path);

    private static ConfigScalar Value(ConfigMap map, string path) => (ConfigScalar)Node(map, path);

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFF")]
    [InlineData("0x8000000000000000")]
    [InlineData("0o1000000000000000000000")]
    [InlineData("10000000000000000999")]
    [InlineData("-9223372036854775809")]
    public void An_integer_outside_64_bits_is_an_error_at_its_line_and_column(string literal)
    {
        Assert.Equal(
            $"base.yaml:2:7: port: this integer is outside the 64-bit range {Range}; quote it to keep it as text",
            Error($"name: x\nport: {literal}\n"));
    }

    [Fact]
    public void An_integer_outside_64_bits_is_an_error_in_a_list_and_under_an_int_tag()
    {
        Assert.Equal(
            $"base.yaml:3:5: ports[1]: this integer is outside the 64-bit range {Range}; quote it to keep it as text",
            Error("ports:\n  - 1\n  - 0xFFFFFFFFFFFFFFFF\n"));
        Assert.Equal(
            $"base.yaml:1:4: a: this integer is outside the 64-bit range {Range}; quote it to keep it as text",
            Error("a: !!int 0x8000000000000000\n"));
    }

    [Fact]
    public void A_float_beyond_the_double_range_is_an_error_and_explicit_infinity_is_not()
    {
        Assert.Equal("base.yaml:1:4: x: this number is too large for a 64-bit floating-point value; quote it to keep it as text", Error("x: 1e400\n"));
        Assert.Equal("base.yaml:1:4: x: this number is too large for a 64-bit floating-point value", Error("x: !!float -1e400\n"));
        Assert.Equal(double.PositiveInfinity, Value(Parse.Yaml("x: .inf\n"), "x").FloatValue);
        Assert.Equal(1e20, Value(Parse.Yaml("x: !!float 100000000000000000000\n"), "x").FloatValue);
    }

    [Fact]
    public void A_quoted_out_of_range_number_stays_text()
    {
        var map = Parse.Yaml("a: \"0xFFFFFFFFFFFFFFFF\"\nb: '10000000000000000999'\nc: !!str 1e400\n");
        Assert.Equal("0xFFFFFFFFFFFFFFFF", Value(map, "a").StringValue);
        Assert.Equal("10000000000000000999", Value(map, "b").StringValue);
        Assert.Equal("1e400", Value(map, "c").StringValue);
    }

    [Fact]
    public void The_error_for_an_out_of_range_secret_does_not_show_it()
    {
        Assert.Equal($"base.yaml:1:11: password: this integer is outside the 64-bit range {Range}; quote it to keep it as text", Error("password: 99999999999999999999\n"));
        Assert.Equal($"base.yaml:1:4: a: this integer is outside the 64-bit range {Range}; quote it to keep it as text", Error("a: !secret 99999999999999999999\n"));
    }

    [Theory]
    [InlineData("0o+7")]
    [InlineData("0o-7")]
    [InlineData("0x")]
    [InlineData("0o")]
    public void Text_that_only_resembles_an_integer_is_a_string(string literal)
    {
        Assert.Equal(literal, Value(Parse.Yaml($"a: {literal}\n"), "a").StringValue);
    }

    [Theory]
    [InlineData("a: 1\n\t\nb: 2\n")]
    [InlineData("a: 1\n \t \nb: 2\n")]
    [InlineData("a: 1\r\n\t\r\nb: 2\r\n")]
    [InlineData("a: 1\n\t\n\t\nb: 2")]
    public void A_blank_line_holding_only_a_tab_is_read_as_a_blank_line(string yaml)
    {
        // YamlDotNet 18.1 rejects this after a plain value; Strata reads it again with the line emptied.
        var map = Parse.Yaml(yaml);
        Assert.Equal(1, Value(map, "a").IntValue);
        Assert.Equal(2, Value(map, "b").IntValue);
    }

    [Fact]
    public void A_tab_on_a_blank_line_inside_a_literal_block_stays_content()
    {
        Assert.Equal("x\n\t\ny\n", Value(Parse.Yaml("a: |\n  x\n  \t\n  y\nb: 1\n"), "a").StringValue);
        var map = Parse.Yaml("a: 1\n\t\nb: |\n  x\n  \t\n  y\nc: 2\n");
        Assert.Equal("x\n\t\ny\n", Value(map, "b").StringValue);
        Assert.Equal(2, Value(map, "c").IntValue);
    }

    [Fact]
    public void The_non_specific_tag_makes_a_plain_scalar_a_string()
    {
        var map = Parse.Yaml("a: ! 12\nb: ! true\nc: ! [1]\n");
        Assert.Equal(ScalarKind.String, Value(map, "a").ScalarKind);
        Assert.Equal("12", Value(map, "a").StringValue);
        Assert.Equal("true", Value(map, "b").StringValue);
        Assert.Equal(1, ((ConfigScalar)((ConfigSequence)Node(map, "c"))[0]).IntValue);
    }

    [Fact]
    public void A_quoted_string_continued_on_a_line_that_starts_with_a_tab_is_an_error()
    {
        // YamlDotNet 18.1 accepts it; Strata checks the indentation of the continuation lines.
        Assert.Equal(
            "base.yaml:2:1: a: YAML syntax error: the quoted string from line 1 continues on this line, which must be indented by at least 1 space (a tab does not indent)",
            Error("a: \"x\n\ty\"\n"));
        Assert.Equal(
            "base.yaml:3:2: a.b: YAML syntax error: the quoted string from line 2 continues on this line, which must be indented by at least 3 spaces (a tab does not indent)",
            Error("a:\n  b: 'x\n \ty'\n"));
    }

    [Fact]
    public void A_quoted_string_continued_with_spaces_or_inside_brackets_is_read()
    {
        Assert.Equal("x y", Value(Parse.Yaml("a: \"x\n \ty\"\n"), "a").StringValue);
        Assert.Equal("x\ny", Value(Parse.Yaml("a:\n  b: \"x\n\n   y\"\n"), "a.b").StringValue);
        Assert.Equal("x y", Value(Parse.Yaml("{a: \"x\n\ty\"}\n"), "a").StringValue);
    }

    [Theory]
    [InlineData("%YAML 1.1#x\n---\na: 1\n", 1, 10)]
    [InlineData("# head\n\n%YAML 1.2#\n---\na: 1\n", 3, 10)]
    public void A_comment_glued_to_a_yaml_directive_is_an_error(string yaml, int line, int column)
    {
        // YamlDotNet 18.1 accepts it; Strata checks the directive lines itself.
        Assert.Equal($"base.yaml:{line}:{column}: YAML syntax error: a comment after a directive must be separated from it by a space", Error(yaml));
    }

    [Fact]
    public void A_directive_with_a_separated_comment_is_read()
    {
        Assert.Equal(1, Value(Parse.Yaml("%YAML 1.2 # version\n---\na: 1\n"), "a").IntValue);
    }

    [Fact]
    public void A_flow_mapping_key_whose_colon_is_on_the_next_line_is_read()
    {
        Assert.Equal(1, Value(Parse.Yaml("{ \"a\"\n : 1 }\n"), "a").IntValue);
        Assert.Equal(1, Value(Parse.Yaml("x: { \"a\"\n  : 1 }\n"), "x.a").IntValue);
    }

    [Theory]
    [InlineData("a: |\n  x\n   ", "x\n ")]
    [InlineData("a: |\n  x\n  ", "x\n")]
    [InlineData("a: |\n  x\n    ", "x\n  ")]
    [InlineData("a: |+\n  x\n  ", "x\n")]
    [InlineData("a: >\n  x\n   ", "x\n ")]
    public void A_block_scalar_whose_last_line_is_spaces_without_a_final_newline_keeps_its_line_breaks(string yaml, string expected)
    {
        Assert.Equal(expected, Value(Parse.Yaml(yaml), "a").StringValue);
    }

    [Fact]
    public void One_leading_byte_order_mark_is_skipped_in_text_and_in_bytes()
    {
        Assert.Equal(["a"], Parse.Yaml("\uFEFFa: 1\n").Keys);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a: 1\n")).ToArray();
        Assert.Equal(["a"], ConfigFileParser.Parse(bytes, "base.yaml", LayerKind.Global).Keys);
    }

    [Fact]
    public void A_second_byte_order_mark_is_an_error_in_text_and_in_bytes()
    {
        const string message = "unexpected byte order mark (U+FEFF) in the text; only one may open the file (write \\uFEFF in a double-quoted string to mean the character)";
        Assert.Equal($"base.yaml:1:1: {message}", Error("\uFEFF\uFEFFa: 1\n"));
        var bom = Encoding.UTF8.GetPreamble();
        var bytes = bom.Concat(bom).Concat(Encoding.UTF8.GetBytes("a: 1\n")).ToArray();
        var ex = Assert.Throws<ConfigurationLoadException>(() => ConfigFileParser.Parse(bytes, "base.yaml", LayerKind.Global));
        Assert.Equal($"base.yaml:1:1: {message}", ex.Errors.Single().ToString());
    }

    [Fact]
    public void A_byte_order_mark_inside_a_key_or_value_is_an_error_at_its_position()
    {
        const string message = "unexpected byte order mark (U+FEFF) in the text; only one may open the file (write \\uFEFF in a double-quoted string to mean the character)";
        Assert.Equal($"base.yaml:2:5: {message}", Error("a: 1\nb: x\uFEFFy\n"));
        Assert.Equal($"base.yaml:2:1: {message}", Error("a: 1\n\uFEFFb: 2\n"));
        Assert.Equal("\uFEFF", Value(Parse.Yaml("a: \"\\uFEFF\"\n"), "a").StringValue);
    }
}
