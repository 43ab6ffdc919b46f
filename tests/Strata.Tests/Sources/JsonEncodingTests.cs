using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class JsonEncodingTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static ConfigurationError ErrorOf(byte[] utf8)
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => JsonConfigParser.Parse(utf8, "base.json", LayerKind.Global));
        return Assert.Single(ex.Errors);
    }

    private static string ErrorLine(string text) => ErrorOf(Bytes(text)).ToString();

    [Fact]
    public void A_latin1_byte_in_a_value_is_an_error_at_the_string()
    {
        // "café" saved as Windows-1252: the é is the single byte 0xE9.
        var utf8 = Bytes("{\n  \"app\": {\n    \"name\": \"caf?\"\n  }\n}");
        utf8[Array.IndexOf(utf8, (byte)'?')] = 0xE9;

        Assert.Equal("base.json:3:13: app.name: not valid UTF-8 (byte offset 29)", ErrorOf(utf8).ToString());
    }

    [Fact]
    public void A_latin1_byte_in_a_key_is_an_error_under_the_path_of_its_object()
    {
        var utf8 = Bytes("{\"app\": {\"caf?\": 1}}");
        utf8[Array.IndexOf(utf8, (byte)'?')] = 0xE9;

        Assert.Equal("base.json:1:10: app: not valid UTF-8 (byte offset 13)", ErrorOf(utf8).ToString());
    }

    [Fact]
    public void An_invalid_byte_in_a_comment_is_an_error_at_the_byte()
    {
        var utf8 = Bytes("{\n  // caf?\n  \"a\": 1\n}");
        utf8[Array.IndexOf(utf8, (byte)'?')] = 0xE9;

        Assert.Equal("base.json:2:9: not valid UTF-8 (byte offset 10)", ErrorOf(utf8).ToString());
    }

    [Fact]
    public void An_invalid_byte_after_the_top_level_object_is_an_error_at_the_byte()
    {
        var utf8 = Bytes("{\"a\": 1}\n// ?");
        utf8[^1] = 0xFF;

        Assert.Equal("base.json:2:4: not valid UTF-8 (byte offset 12)", ErrorOf(utf8).ToString());
    }

    [Fact]
    public void An_invalid_byte_outside_a_string_is_reported_as_invalid_utf8_not_as_a_syntax_error()
    {
        var utf8 = Bytes("{\"a\": ?}");
        utf8[Array.IndexOf(utf8, (byte)'?')] = 0xFF;

        Assert.Equal("base.json:1:7: a: not valid UTF-8 (byte offset 6)", ErrorOf(utf8).ToString());
    }

    [Fact]
    public void A_sequence_cut_short_at_the_end_of_the_file_is_invalid_utf8()
    {
        byte[] utf8 = [.. Bytes("{\"a\": \"x\"} "), 0xC3];

        Assert.Equal("base.json:1:12: not valid UTF-8 (byte offset 11)", ErrorOf(utf8).ToString());
    }

    [Fact]
    public void The_byte_offset_of_invalid_utf8_counts_the_byte_order_mark()
    {
        var utf8 = Bytes("\uFEFF{\"a\": \"?\"}");
        utf8[Array.IndexOf(utf8, (byte)'?')] = 0xE9;

        Assert.Equal("base.json:1:7: a: not valid UTF-8 (byte offset 10)", ErrorOf(utf8).ToString());
    }

    [Theory]
    [InlineData("{\"a\": \"\\uD800\"}", "base.json:1:7: a: the string contains an unpaired surrogate escape '\\uD800'")]
    [InlineData("{\"a\": \"x\\uDC00y\"}", "base.json:1:7: a: the string contains an unpaired surrogate escape '\\uDC00'")]
    [InlineData("{\"a\": \"\\uDC00\\uD800\"}", "base.json:1:7: a: the string contains an unpaired surrogate escape '\\uDC00'")]
    [InlineData("{\"a\": \"\\ud800\\n\"}", "base.json:1:7: a: the string contains an unpaired surrogate escape '\\ud800'")]
    [InlineData("{\"a\": \"\\uD800\\u0041\"}", "base.json:1:7: a: the string contains an unpaired surrogate escape '\\uD800'")]
    [InlineData("{\"a\": \"\\uD800\\uD800\\uDC00\"}", "base.json:1:7: a: the string contains an unpaired surrogate escape '\\uD800'")]
    [InlineData("{\"a\": [\"ok\", \"\\uDBFF\"]}", "base.json:1:14: a[1]: the string contains an unpaired surrogate escape '\\uDBFF'")]
    [InlineData("{\"a\": {\"\\uDC00\": 1}}", "base.json:1:8: a: the string contains an unpaired surrogate escape '\\uDC00'")]
    [InlineData("{\"\\uD800\": 1}", "base.json:1:2: the string contains an unpaired surrogate escape '\\uD800'")]
    public void An_unpaired_surrogate_escape_is_an_error_at_the_string(string json, string expected) =>
        Assert.Equal(expected, ErrorLine(json));

    [Fact]
    public void Escaped_surrogate_pairs_and_escapes_around_them_are_read()
    {
        var map = Parse.Json("{\"\\uD83D\\uDE00\": \"\\\"\\uD83D\\uDE00\\\\u\\n\\uFFFF\"}");

        var (key, value) = Assert.Single(map);
        Assert.Equal("\U0001F600", key);
        Assert.Equal("\"\U0001F600\\u\n\uFFFF", ((ConfigScalar)value).StringValue);
    }

    [Fact]
    public void A_second_byte_order_mark_is_an_error_at_the_start()
    {
        byte[] utf8 = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Bytes("{\"a\": 1}")];

        Assert.Equal("base.json:1:1: unexpected byte order mark", ErrorOf(utf8).ToString());
    }

    [Fact]
    public void A_byte_order_mark_inside_a_string_is_kept()
    {
        var map = JsonConfigParser.Parse(Bytes("\uFEFF{\"a\": \"\uFEFFx\"}"), "base.json", LayerKind.Global);

        Assert.Equal("\uFEFFx", ((ConfigScalar)map[0].Value).StringValue);
    }
}
