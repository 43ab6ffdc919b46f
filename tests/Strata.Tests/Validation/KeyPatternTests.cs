using CsCheck;
using Strata.Model;
using Strata.Tests.Model;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

public class KeyPatternTests
{
    [Fact]
    public void A_pattern_without_wildcards_is_written_and_read_as_the_path_it_matches()
    {
        PathGenerators.Path.Sample(path =>
        {
            var pattern = KeyPattern.FromPath(path);
            Assert.Equal(path.Text, pattern.Text);
            Assert.True(KeyPattern.Parse(path.Text).TryGetPath(out var back));
            Assert.Equal(path, back);
            Assert.True(pattern.Matches(path));
        }, iter: 2000);
    }

    [Theory]
    [InlineData("map.*", true)]
    [InlineData("map.`*`", false)]
    [InlineData("list[*]", true)]
    [InlineData("`list[*]`", false)]
    [InlineData("*.`x.y`", true)]
    public void A_star_is_a_wildcard_only_when_bare(string text, bool wildcard)
    {
        var pattern = KeyPattern.Parse(text);
        Assert.Equal(wildcard, pattern.HasWildcards);
        Assert.Equal(text, pattern.Text);
    }

    [Fact]
    public void A_quoted_star_matches_only_the_key_named_star()
    {
        var root = Yaml("map:\n  \"*\": 1\n  other: 2\n");
        Assert.Equal(["map.`*`"], KeyPattern.Parse("map.`*`").Match(root).Select(m => m.Key.Text));
        Assert.Equal(["map.`*`", "map.other"], KeyPattern.Parse("map.*").Match(root).Select(m => m.Key.Text));
        Assert.Equal("`*`", KeyPattern.QuoteKey("*"));
        Assert.Equal("`a*b`", KeyPattern.QuoteKey("a*b"));
    }

    [Theory]
    [InlineData("a*b", "'a*b': '*' at position 2 cannot appear in a bare key; write the key in backticks")]
    [InlineData("**", "'**': '*' at position 1 cannot appear in a bare key; write the key in backticks")]
    [InlineData("a[x]", "'a[x]': '[x]' at position 2 is not a list index (a whole number from 0, or * for every item)")]
    [InlineData("[*].a", "'[*].a': a path must start with a key, not an index")]
    [InlineData("a.*x", "'a.*x': '*' at position 3 cannot appear in a bare key; write the key in backticks")]
    [InlineData("a=1", "'a=1': '=' at position 2 cannot appear in a bare key; write the key in backticks")]
    public void Bad_patterns_say_where_and_what_is_wrong(string text, string message)
    {
        Assert.False(KeyPattern.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Rules_tell_a_literal_dotted_key_from_the_nested_key()
    {
        var result = Check("keys:\n  \"`x.y`\": int\n  x.y: string\n", "\"x.y\": oops\nx:\n  y: 2\n");
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(["base.yaml:1:8: `x.y`: expected int, found string 'oops'", "base.yaml:3:6: x.y: expected string, found int 2"], result.Errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }
}
