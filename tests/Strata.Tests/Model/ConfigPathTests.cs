using Strata.Model;

namespace Strata.Tests.Model;

public class ConfigPathTests
{
    [Theory]
    [InlineData("redis.port", 2)]
    [InlineData("curriculum_phases[1].steps", 3)]
    [InlineData("a[0][1]", 3)]
    [InlineData("single", 1)]
    public void Parses_and_prints_canonically(string text, int segments)
    {
        var path = ConfigPath.Parse(text);
        Assert.Equal(segments, path.Segments.Length);
        Assert.Equal(text, path.ToString());
        Assert.Equal(path, ConfigPath.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a[x]")]
    [InlineData("a[1")]
    [InlineData("[0]")]
    [InlineData("a]b")]
    public void Rejects_malformed_paths_with_a_reason(string text)
    {
        Assert.False(ConfigPath.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Prefix_checks_whole_segments()
    {
        Assert.True(ConfigPath.Parse("redis.port").StartsWith(ConfigPath.Parse("redis")));
        Assert.False(ConfigPath.Parse("redis_extra.port").StartsWith(ConfigPath.Parse("redis")));
    }
}
