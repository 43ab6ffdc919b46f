using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class YamlConfigParserTests
{
    [Fact]
    public void Types_plain_scalars_with_the_core_schema_and_keeps_quoted_strings()
    {
        var map = Parse.Yaml("""
            a: 1
            b: 1.5
            c: true
            d: ~
            e: hello
            f: "42"
            g: '1.5'
            h: 0x1F
            i: 0o17
            j: .inf
            k: -7
            l: 1e3
            """);
        Assert.Equal(1, ((ConfigScalar)map[0].Value).IntValue);
        Assert.Equal(1.5, ((ConfigScalar)map[1].Value).FloatValue);
        Assert.True(((ConfigScalar)map[2].Value).BoolValue);
        Assert.Equal(ScalarKind.Null, ((ConfigScalar)map[3].Value).ScalarKind);
        Assert.Equal("hello", ((ConfigScalar)map[4].Value).StringValue);
        Assert.Equal("42", ((ConfigScalar)map[5].Value).StringValue);
        Assert.Equal("1.5", ((ConfigScalar)map[6].Value).StringValue);
        Assert.Equal(31, ((ConfigScalar)map[7].Value).IntValue);
        Assert.Equal(15, ((ConfigScalar)map[8].Value).IntValue);
        Assert.Equal(double.PositiveInfinity, ((ConfigScalar)map[9].Value).FloatValue);
        Assert.Equal(-7, ((ConfigScalar)map[10].Value).IntValue);
        Assert.Equal(ScalarKind.Float, ((ConfigScalar)map[11].Value).ScalarKind);
    }

    [Fact]
    public void Every_node_knows_its_line_and_column()
    {
        var map = Parse.Yaml("redis:\n  host: localhost\n  port: 6379\n", "base.yaml");
        Assert.True(ConfigTree.TryGet(map, ConfigPath.Parse("redis.port"), out var port));
        Assert.Equal(new Origin("base.yaml", 3, 9, LayerKind.Global), port.Origin);
    }

    [Fact]
    public void Keeps_insertion_order()
    {
        var map = Parse.Yaml("z: 1\na: 2\nm: 3\n");
        Assert.Equal(["z", "a", "m"], map.Keys);
    }

    [Fact]
    public void An_empty_file_is_an_empty_map()
    {
        Assert.Empty(Parse.Yaml(string.Empty));
        Assert.Empty(Parse.Yaml("# only a comment\n"));
        Assert.Empty(Parse.Yaml("---\n"));
    }

    [Fact]
    public void Byte_order_mark_and_crlf_are_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a: 1\r\nb:\r\n  c: two\r\n")).ToArray();
        var map = ConfigFileParser.Parse(bytes, "base.yaml", LayerKind.Global);
        Assert.True(ConfigTree.TryGet(map, ConfigPath.Parse("b.c"), out var c));
        Assert.Equal("two", ((ConfigScalar)c).StringValue);
        Assert.Equal(3, c.Origin.Line);
    }

    [Fact]
    public void Malformed_yaml_names_file_line_and_column()
    {
        var error = Assert.Throws<ConfigurationLoadException>(() => Parse.Yaml("a: 1\nb: [1, 2\nc: 3\n", "environments/dev.yaml")).Errors.Single();
        Assert.Equal("environments/dev.yaml", error.File);
        Assert.True(error.Line >= 2);
        Assert.StartsWith("environments/dev.yaml:", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_an_error_at_the_second_one()
    {
        var error = Parse.YamlError("a: 1\nb: 2\na: 3\n");
        Assert.Equal(3, error.Line);
        Assert.Contains("duplicate key 'a' (first defined at line 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alias_bomb_is_bounded_with_a_clear_error()
    {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            var refs = string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10)).Replace("*l0", "*a", StringComparison.Ordinal);
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"l{i}: &l{i} [{refs}]\n");
        }

        var before = GC.GetTotalMemory(false);
        var error = Parse.YamlError(yaml.ToString());
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalMemory(false) - before < 200_000_000);
    }

    [Fact]
    public void Small_aliases_share_the_anchored_node()
    {
        var map = Parse.Yaml("defaults: &d {port: 1}\nredis: *d\n");
        Assert.Same(map[0].Value, map[1].Value);
    }

    [Fact]
    public void Undefined_alias_is_an_error()
    {
        var error = Parse.YamlError("a: *nope\n");
        Assert.Contains("anchor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            deep.Append(new string(' ', i * 2)).Append('k').Append(i).Append(":\n");
        }

        deep.Append(new string(' ', 20)).Append("leaf: 1\n");
        var error = Parse.YamlError(deep.ToString(), new ParserLimits { MaxDepth = 5 });
        Assert.Contains("deeper than the limit of 5", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_an_error()
    {
        var bytes = Encoding.UTF8.GetBytes("a: " + new string('x', 2000));
        var error = Assert.Throws<ConfigurationLoadException>(() => ConfigFileParser.Parse(bytes, "base.yaml", LayerKind.Global, new ParserLimits { MaxFileBytes = 1000 })).Errors.Single();
        Assert.Equal("base.yaml", error.File);
        Assert.Contains("over the limit of 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_keys_is_an_error()
    {
        var text = string.Join('\n', Enumerable.Range(0, 50).Select(i => $"k{i}: {i}"));
        var error = Parse.YamlError(text, new ParserLimits { MaxNodes = 20 });
        Assert.Contains("more than 20", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- a\n- b\n", "list")]
    [InlineData("just text\n", "string")]
    [InlineData("42\n", "int")]
    public void A_root_that_is_not_a_map_is_an_error(string text, string kind)
    {
        var error = Parse.YamlError(text);
        Assert.Contains($"must be a map of keys, but it is a {kind}", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Tags_never_instantiate_types()
    {
        var error = Parse.YamlError("a: !!python/object:os.system ls\n");
        Assert.Contains("unsupported tag", error.Message, StringComparison.Ordinal);
        error = Parse.YamlError("a: !System.Diagnostics.Process {}\n");
        Assert.Contains("unsupported tag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_and_delete_tags_and_core_tags_are_understood()
    {
        var map = Parse.Yaml("key: !secret abc\ngone: !delete\nport: !!str 6379\nratio: !!float 1\n");
        Assert.True(map[0].Value.IsSecret);
        Assert.True(((ConfigScalar)map[1].Value).IsDeleteMarker);
        Assert.Equal("6379", ((ConfigScalar)map[2].Value).StringValue);
        Assert.Equal(ScalarKind.Float, ((ConfigScalar)map[3].Value).ScalarKind);
        Assert.Contains("not a valid !!int", Parse.YamlError("a: !!int abc\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_one_document_is_an_error()
    {
        var error = Parse.YamlError("a: 1\n---\nb: 2\n");
        Assert.Contains("more than one YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_an_error()
    {
        var error = Assert.Throws<ConfigurationLoadException>(() => ConfigFileParser.Parse([0x61, 0x3A, 0x20, 0xC3, 0x28], "base.yaml", LayerKind.Global)).Errors.Single();
        Assert.Equal("base.yaml:1:4: not valid UTF-8 (byte offset 3)", error.ToString());
    }

    [Fact]
    public void An_invalid_byte_at_the_start_of_a_line_is_at_column_1_of_that_line()
    {
        byte[] bytes = [.. "a: 1\n"u8, 0xFA, .. "b: 2\n"u8];
        var error = Assert.Throws<ConfigurationLoadException>(() => ConfigFileParser.Parse(bytes, "base.yaml", LayerKind.Global)).Errors.Single();
        Assert.Equal("base.yaml:2:1: not valid UTF-8 (byte offset 5)", error.ToString());
    }

    [Fact]
    public void A_latin1_byte_is_an_error_at_its_line_and_column()
    {
        byte[] latin1 = [.. "name: app\ncity: caf"u8, 0xE9, .. "\n"u8];
        var error = Assert.Throws<ConfigurationLoadException>(() => ConfigFileParser.Parse(latin1, "base.yaml", LayerKind.Global)).Errors.Single();
        Assert.Equal("base.yaml:2:10: not valid UTF-8 (byte offset 19)", error.ToString());
    }
}
