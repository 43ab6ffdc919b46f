using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class JsonStructureTests
{
    private static string ErrorLine(string json, ParserLimits? limits = null) =>
        Assert.Single(Assert.Throws<ConfigurationLoadException>(() => Parse.Json(json, "base.json", limits: limits)).Errors).ToString();

    [Theory]
    [InlineData("{\"a\":1}}", "base.json:1:8: unexpected content after the end of the top-level object")]
    [InlineData("{\"a\":1}{\"b\":2}", "base.json:1:8: unexpected content after the end of the top-level object")]
    [InlineData("{\"a\":1} x", "base.json:1:9: unexpected content after the end of the top-level object")]
    [InlineData("{\"a\":1}#", "base.json:1:8: unexpected content after the end of the top-level object")]
    [InlineData("{\"a\":1}\n\n  ,", "base.json:3:3: unexpected content after the end of the top-level object")]
    [InlineData("{\"a\":1} // note\n/* more */ 2", "base.json:2:12: unexpected content after the end of the top-level object")]
    [InlineData("{\"a\":1} /", "base.json:1:9: unexpected content after the end of the top-level object")]
    [InlineData("{\"é\":1} ü", "base.json:1:9: unexpected content after the end of the top-level object")]
    [InlineData("{\"a\":1} /* never", "base.json:1:9: the comment opened here is never closed")]
    public void Content_after_the_top_level_object_is_an_error_at_its_position(string json, string expected) =>
        Assert.Equal(expected, ErrorLine(json));

    [Theory]
    [InlineData("{\"a\":1}\n")]
    [InlineData("{\"a\":1}   \r\n\t")]
    [InlineData("{\"a\":1} // trailing note")]
    [InlineData("{\"a\":1} // note\n/* block\n comment */\n")]
    [InlineData("// leading\n{\"a\":1}/**/")]
    public void Whitespace_and_comments_may_follow_the_top_level_object(string json)
    {
        var map = Parse.Json(json);

        Assert.Equal(1, ((ConfigScalar)map[0].Value).IntValue);
    }

    [Theory]
    [InlineData("// only a comment\n")]
    [InlineData("/* only */ // comments")]
    public void A_file_of_only_comments_is_empty(string json) => Assert.Empty(Parse.Json(json));

    [Theory]
    [InlineData("{", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\"a\": 1", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\"a\": 1,\n", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\"a\": ", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\"a\": {\"b\": 1}", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\n  \"a\": {\n    \"b\": [1, 2", "base.json:3:10: a.b: the array opened here is never closed")]
    [InlineData("{\"a\": [{\"b\": 1}, {", "base.json:1:18: a[1]: the object opened here is never closed")]
    [InlineData("{\"a\": 1 // comment", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\"a\": 1 /* comment", "base.json:1:9: the comment opened here is never closed")]
    [InlineData("{\"a\": [1,\n", "base.json:1:7: a: the array opened here is never closed")]
    [InlineData("{\"a\": 1, \"b\"", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\"a\": 1, \"b\": ", "base.json:1:1: the object opened here is never closed")]
    [InlineData("{\"a\": [true, nul", "base.json:1:17: JSON syntax error: 'nul' is an invalid JSON literal. Expected the literal 'null'")]
    [InlineData("{\"a\": [1, -", "base.json:1:12: JSON syntax error: Expected a digit ('0'-'9'), but instead reached end of data")]
    public void An_unclosed_object_or_array_is_reported_where_it_opens(string json, string expected) =>
        Assert.Equal(expected, ErrorLine(json));

    [Theory]
    [InlineData("{\"a\": \"abc", "base.json:1:11: JSON syntax error: Expected end of string, but instead reached end of data")]
    [InlineData("{\"a\": tru", "base.json:1:10: JSON syntax error: 'tru' is an invalid JSON literal. Expected the literal 'true'")]
    [InlineData("{\"a\": 1 2}", "base.json:1:9: JSON syntax error: '2' is invalid after a value. Expected either ',', '}', or ']'")]
    [InlineData("{\n  \"a\": \"x\ny\"}", "base.json:2:10: JSON syntax error: '0x0A' is invalid within a JSON string. The string should be correctly escaped")]
    public void Other_syntax_errors_keep_the_reader_message_at_their_position(string json, string expected) =>
        Assert.Equal(expected, ErrorLine(json));

    [Fact]
    public void A_syntax_error_quoting_the_input_stays_on_one_short_line()
    {
        var error = ErrorLine("{\"a\": tx\n\"b\": \"" + new string('x', 500) + "\"}");

        Assert.StartsWith("base.json:1:8: JSON syntax error: 'tx\\n\"b\": \"xxx", error, StringComparison.Ordinal);
        Assert.EndsWith("' is an invalid JSON literal. Expected the literal 'true'", error, StringComparison.Ordinal);
        Assert.InRange(error.Length, 100, 250);
    }

    [Fact]
    public void A_duplicate_key_with_a_line_break_is_named_on_one_line()
    {
        var error = Parse.JsonError("{\"a\\nb\": 1, \"a\\nb\": 2}");

        Assert.Equal((1, 13, "duplicate key 'a\\nb' (first defined at line 1)"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_syntax_error_column_counts_characters()
    {
        Assert.Equal("base.json:1:9: JSON syntax error: '2' is invalid after a value. Expected either ',', '}', or ']'", ErrorLine("{\"é\": 1 2}"));
    }

    [Theory]
    [InlineData("[1, 2]", "base.json:1:1: the top level must be an object of keys, but it is a list")]
    [InlineData("12", "base.json:1:1: the top level must be an object of keys, but it is a int")]
    [InlineData("  \"text\"", "base.json:1:3: the top level must be an object of keys, but it is a string")]
    [InlineData("true", "base.json:1:1: the top level must be an object of keys, but it is a bool")]
    public void The_top_level_must_be_an_object(string json, string expected) =>
        Assert.Equal(expected, ErrorLine(json));

    [Fact]
    public void Nesting_past_the_limit_is_an_error_at_the_container_that_crosses_it()
    {
        // The top-level object holds five levels below it; the sixth is one too many.
        var ok = "{\"a\": [[[[[]]]]]}";
        var deep = "{\"a\": [[[[[[]]]]]]}";

        Assert.Single(Parse.Json(ok, limits: new ParserLimits { MaxDepth = 5 }));
        Assert.Equal("base.json:1:12: a[0][0][0][0][0]: nesting is deeper than the limit of 5 levels", ErrorLine(deep, new ParserLimits { MaxDepth = 5 }));
    }

    [Fact]
    public void An_unclosed_document_deeper_than_the_limit_reports_the_limit()
    {
        var deep = "{\"a\": " + new string('[', 100);

        var path = "a" + string.Concat(Enumerable.Repeat("[0]", 64));

        Assert.Equal($"base.json:1:71: {path}: nesting is deeper than the limit of 64 levels", ErrorLine(deep));
    }
}
