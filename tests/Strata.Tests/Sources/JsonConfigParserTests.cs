using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class JsonConfigParserTests
{
    [Fact]
    public void Reads_values_with_types_and_positions()
    {
        var map = Parse.Json("{\n  \"redis\": {\n    \"port\": 6379,\n    \"ratio\": 0.5,\n    \"on\": true,\n    \"name\": \"x\",\n    \"none\": null\n  }\n}", "base.json");
        Assert.True(ConfigTree.TryGet(map, ConfigPath.Parse("redis.port"), out var port));
        Assert.Equal(6379, ((ConfigScalar)port).IntValue);
        Assert.Equal(new Origin("base.json", 3, 13, LayerKind.Global), port.Origin);
        Assert.True(ConfigTree.TryGet(map, ConfigPath.Parse("redis.ratio"), out var ratio));
        Assert.Equal(ScalarKind.Float, ((ConfigScalar)ratio).ScalarKind);
        Assert.True(ConfigTree.TryGet(map, ConfigPath.Parse("redis.name"), out var name));
        Assert.True(((ConfigScalar)name).IsQuoted);
    }

    [Fact]
    public void Malformed_json_names_file_line_and_column()
    {
        var error = Parse.JsonError("{\n  \"a\": 1,\n  \"b\": ]\n}");
        Assert.Equal("test.json", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("JSON syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_an_error()
    {
        var error = Parse.JsonError("{\"a\": 1,\n \"a\": 2}");
        Assert.Equal(2, error.Line);
        Assert.Contains("duplicate key 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_bom_and_crlf()
    {
        Assert.Empty(Parse.Json("   \n"));
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\r\n\"a\": 1\r\n}")).ToArray();
        var map = ConfigFileParser.Parse(bytes, "base.json", LayerKind.Global);
        Assert.Equal(2, map[0].Value.Origin.Line);
    }

    [Fact]
    public void Root_must_be_an_object_and_depth_is_bounded()
    {
        Assert.Contains("must be an object", Parse.JsonError("[1, 2]").Message, StringComparison.Ordinal);
        var deep = new string('[', 20) + new string(']', 20);
        Assert.Contains("deeper than the limit", Parse.JsonError("{\"a\": " + deep + "}", new ParserLimits { MaxDepth = 5 }).Message, StringComparison.Ordinal);
    }
}
