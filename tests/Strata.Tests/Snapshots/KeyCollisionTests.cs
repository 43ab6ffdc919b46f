using Strata.Hierarchy;
using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;
using Strata.Testing;

namespace Strata.Tests.Snapshots;

public class KeyCollisionTests
{
    private static ConfigSnapshot Load(string file, string content, IReadOnlyDictionary<string, string>? variables = null, params string[] overrides)
    {
        using var dir = new TempDirectory();
        dir.Write(file, content);
        var options = new EnvironmentConfigOptions { Environment = "development", EnvironmentVariables = variables ?? new Dictionary<string, string>() };
        foreach (var o in overrides)
        {
            options.Overrides.Add(o);
        }

        return new EnvironmentConfigManager(dir.Path, options).Load();
    }

    [Theory]
    [InlineData("base.yaml", "\"x.y\": 1\nx:\n  y: 2\n")]
    [InlineData("base.json", "{\"x.y\":1,\"x\":{\"y\":2}}")]
    public void A_literal_dotted_key_and_the_nested_key_are_both_readable(string file, string content)
    {
        var snapshot = Load(file, content);
        Assert.Equal(1, snapshot.Get<int>("`x.y`"));
        Assert.Equal(2, snapshot.Get<int>("x.y"));
        Assert.Equal(["`x.y`", "x.y"], snapshot.Keys);
        Assert.Equal(1L, (snapshot.Explain("`x.y`").Value as ConfigScalar)?.IntValue);
        Assert.Equal("`x.y`", snapshot.Explain("`x.y`").Path.Text);
        Assert.Equal(2L, (snapshot.Explain("x.y").Value as ConfigScalar)?.IntValue);
        Assert.True(snapshot.TryGet<int>("`x.y`", out var literal) && literal == 1);
        Assert.True(snapshot.Contains("`x.y`") && snapshot.Contains("x.y"));
    }

    [Fact]
    public void A_path_spelled_with_needless_backticks_finds_the_same_value()
    {
        var snapshot = Load("base.yaml", "redis:\n  port: 6379\nlist: [1, 2]\n");
        Assert.Equal(6379, snapshot.Get<int>("`redis`.port"));
        Assert.Equal(6379, snapshot.GetOrDefault("redis.`port`", 0));
        Assert.Equal(2, snapshot.Get<int>("list[01]"));
        Assert.False(snapshot.Contains("`redis.port`"));
        Assert.Equal(0, snapshot.GetOrDefault("`nope`", 0));
    }

    [Fact]
    public void Keys_with_backticks_brackets_and_stars_print_quoted_and_read_back()
    {
        var snapshot = Load("base.yaml", "\"a`b\": 1\n\"c[0]\": 2\n\"*\": 3\n\"k=v\": 4\n\"\": 5\n");
        Assert.Equal(["`a``b`", "`c[0]`", "`*`", "`k=v`", "``"], snapshot.Keys);
        Assert.Equal([1, 2, 3, 4, 5], snapshot.Keys.Select(snapshot.Get<int>));
    }

    [Fact]
    public void An_environment_variable_part_is_one_key_and_never_split_at_dots()
    {
        var snapshot = Load("base.yaml", "x:\n  y: 2\nports: [80, 81]\n", new Dictionary<string, string>
        {
            ["STRATA__X.Y"] = "1",
            ["STRATA__PORTS__1"] = "8081",
            ["STRATA__NEW__0"] = "zero",
        });
        Assert.Equal(1, snapshot.Get<int>("`x.y`"));
        Assert.Equal(2, snapshot.Get<int>("x.y"));
        Assert.Equal(8081, snapshot.Get<int>("ports[1]"));
        Assert.Equal("zero", snapshot.Get<string>("new.0"));
    }

    [Fact]
    public void Set_splits_at_the_first_equals_sign_outside_backticks()
    {
        var snapshot = Load("base.yaml", "x: 0\n", null, "`a=b`.c=1", "`x.y`=a=b", "plain=`v`");
        Assert.Equal(1, snapshot.Get<int>("`a=b`.c"));
        Assert.Equal("a=b", snapshot.Get<string>("`x.y`"));
        Assert.Equal("`v`", snapshot.Get<string>("plain"));
    }

    [Theory]
    [InlineData("`a=1", "cli: --set '`a=1': expected key=value")]
    [InlineData("a*b=1", "cli: --set 'a*b': '*' at position 2 cannot appear in a bare key; write the key in backticks")]
    [InlineData("x..y=1", "cli: --set 'x..y': empty key at position 3")]
    public void A_malformed_set_key_is_one_line_error(string assignment, string message)
    {
        var error = Assert.Throws<ConfigurationLoadException>(() => CommandLineOverrides.Build([assignment])).Errors.Single();
        Assert.Equal(message, error.ToString());
    }
}
