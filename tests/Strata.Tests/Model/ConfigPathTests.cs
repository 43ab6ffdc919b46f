using System.Collections.Immutable;
using Strata.Model;

namespace Strata.Tests.Model;

public class ConfigPathTests
{
    [Theory]
    [InlineData("redis.port", 2)]
    [InlineData("curriculum_phases[1].steps", 3)]
    [InlineData("a[0][1]", 3)]
    [InlineData("single", 1)]
    [InlineData("x.`y.z`", 2)]
    [InlineData("`a``b`", 1)]
    [InlineData("``", 1)]
    [InlineData("a.``.b", 3)]
    [InlineData("`a=b`.c", 2)]
    [InlineData("`*`[2]", 2)]
    [InlineData("` padded `", 1)]
    [InlineData("inner space.é.😀", 3)]
    public void Parses_and_prints_canonically(string text, int segments)
    {
        var path = ConfigPath.Parse(text);
        Assert.Equal(segments, path.Segments.Length);
        Assert.Equal(text, path.ToString());
        Assert.Equal(path, ConfigPath.Parse(text));
    }

    [Theory]
    [InlineData("x", "x")]
    [InlineData("y.z", "`y.z`")]
    [InlineData("a`b", "`a``b`")]
    [InlineData("", "``")]
    [InlineData("*", "`*`")]
    [InlineData("a=b", "`a=b`")]
    [InlineData("[0]", "`[0]`")]
    [InlineData("a]", "`a]`")]
    [InlineData(" a", "` a`")]
    [InlineData("a\t", "`a\t`")]
    [InlineData("a\nb", "`a\nb`")]
    [InlineData("0", "0")]
    [InlineData("has space", "has space")]
    public void A_key_prints_bare_only_when_it_cannot_be_misread(string key, string printed)
    {
        Assert.Equal(printed, ConfigPath.Root.Append(key).Text);
        Assert.Equal(printed, ConfigPath.FromSegments([PathSegment.ForKey(key)]).Text);
        Assert.Equal(key, ConfigPath.Parse(printed).Last.Key);
    }

    [Fact]
    public void A_literal_dotted_key_and_a_nested_key_are_different_paths()
    {
        var literal = ConfigPath.Root.Append("x.y");
        var nested = ConfigPath.Root.Append("x").Append("y");
        Assert.Equal("`x.y`", literal.Text);
        Assert.Equal("x.y", nested.Text);
        Assert.NotEqual(literal, nested);
        Assert.Equal(literal, ConfigPath.Parse("`x.y`"));
        Assert.Equal(nested, ConfigPath.Parse("x.y"));
    }

    [Theory]
    [InlineData("`redis`.port", "redis.port")]
    [InlineData("`redis`.`port`", "redis.port")]
    [InlineData("a[007]", "a[7]")]
    public void Other_spellings_parse_to_the_canonical_text(string text, string canonical) =>
        Assert.Equal(canonical, ConfigPath.Parse(text).Text);

    [Theory]
    [InlineData("", "a key path cannot be empty")]
    [InlineData("a..b", "'a..b': empty key at position 3")]
    [InlineData(".a", "'.a': empty key at position 1")]
    [InlineData("a.", "'a.': empty key at position 3: the path ends with '.'")]
    [InlineData("a.[0]", "'a.[0]': empty key at position 3: expected a key after '.', found '['")]
    [InlineData("a[x]", "'a[x]': '[x]' at position 2 is not a list index (a whole number from 0)")]
    [InlineData("a[-1]", "'a[-1]': '[-1]' at position 2 is not a list index (a whole number from 0)")]
    [InlineData("a[99999999999]", "'a[99999999999]': '[99999999999]' at position 2 is not a list index (a whole number from 0)")]
    [InlineData("a[*]", "'a[*]': '[*]' at position 2 is not a list index (a whole number from 0)")]
    [InlineData("a[1", "'a[1': '[' at position 2 is never closed")]
    [InlineData("[0]", "'[0]': a path must start with a key, not an index")]
    [InlineData("a]b", "'a]b': unexpected ']' at position 2")]
    [InlineData("a`b`", "'a`b`': unexpected '`' at position 2")]
    [InlineData("a*b", "'a*b': '*' at position 2 cannot appear in a bare key; write the key in backticks")]
    [InlineData("*", "'*': '*' at position 1 cannot appear in a bare key; write the key in backticks")]
    [InlineData("a=b", "'a=b': '=' at position 2 cannot appear in a bare key; write the key in backticks")]
    [InlineData("a\tb", "'a\\u0009b': U+0009 at position 2 cannot appear in a bare key; write the key in backticks")]
    [InlineData("`a", "'`a': the backtick at position 1 is never closed")]
    [InlineData("a.`b``", "'a.`b``': the backtick at position 3 is never closed")]
    [InlineData("`a`b", "'`a`b': expected '.' or '[' at position 4, found 'b'")]
    [InlineData("a[0]b", "'a[0]b': expected '.' or '[' at position 5, found 'b'")]
    [InlineData(" a", "' a': key ' a' at position 1 has leading or trailing spaces; write it in backticks to keep them")]
    [InlineData("a. b", "'a. b': key ' b' at position 3 has leading or trailing spaces; write it in backticks to keep them")]
    public void Rejects_malformed_paths_saying_where_and_what_was_expected(string text, string message)
    {
        Assert.False(ConfigPath.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
        Assert.Equal(message, Assert.Throws<FormatException>(() => ConfigPath.Parse(text)).Message);
    }

    [Fact]
    public void Prefix_checks_whole_segments()
    {
        Assert.True(ConfigPath.Parse("redis.port").StartsWith(ConfigPath.Parse("redis")));
        Assert.False(ConfigPath.Parse("redis_extra.port").StartsWith(ConfigPath.Parse("redis")));
        Assert.False(ConfigPath.Parse("`x.y`.z").StartsWith(ConfigPath.Parse("x")));
    }

    [Fact]
    public void Parent_and_appended_paths_print_canonically()
    {
        var path = ConfigPath.FromSegments(ImmutableArray.Create(PathSegment.ForKey("a.b"), PathSegment.ForIndex(3), PathSegment.ForKey("c`d")));
        Assert.Equal("`a.b`[3].`c``d`", path.Text);
        Assert.Equal("`a.b`[3]", path.Parent.Text);
        Assert.Equal(path, path.Parent.Append("c`d"));
    }
}
