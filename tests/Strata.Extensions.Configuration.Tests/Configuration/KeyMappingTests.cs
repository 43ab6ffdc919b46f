using Microsoft.Extensions.Configuration;
using Strata.Extensions.Configuration.Tests.Support;
using Strata.Model;

namespace Strata.Extensions.Configuration.Tests.Configuration;

/// <summary>How Strata keys and values look through IConfiguration, and that ConfigurationBinder reads them back.</summary>
public sealed class KeyMappingTests : IDisposable
{
    private const string Document = """
        name: farm
        count: 3
        negative: -12
        ratio: 0.5
        whole: 1.0
        huge: .inf
        tiny: -.inf
        undefined: .nan
        enabled: true
        disabled: false
        quoted: "true"
        nothing: null
        empty_map: {}
        empty_list: []
        Upper: 1
        nested:
          list:
            - a: 1
            - [x, y]
        """;

    private readonly TestDir _dir = new();
    private readonly IConfigurationRoot _config;

    public KeyMappingTests()
    {
        _dir.Write("base.yaml", Document);
        _config = new ConfigurationBuilder().AddStrata(_dir.Path).Build();
    }

    public void Dispose()
    {
        ((IDisposable)_config).Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("name", "farm")]
    [InlineData("count", "3")]
    [InlineData("negative", "-12")]
    [InlineData("ratio", "0.5")]
    [InlineData("whole", "1.0")]
    [InlineData("huge", "Infinity")]
    [InlineData("tiny", "-Infinity")]
    [InlineData("undefined", "NaN")]
    [InlineData("enabled", "True")]
    [InlineData("disabled", "False")]
    [InlineData("quoted", "true")]
    [InlineData("nested:list:0:a", "1")]
    [InlineData("nested:list:1:0", "x")]
    [InlineData("nested:list:1:1", "y")]
    [InlineData("UPPER", "1")]
    [InlineData("NAME", "farm")]
    public void Values_are_the_strings_the_binder_expects(string key, string expected) =>
        Assert.Equal(expected, _config[key]);

    [Theory]
    [InlineData("nothing")]
    [InlineData("empty_map")]
    public void Nulls_and_empty_maps_are_keys_with_a_null_value(string key)
    {
        Assert.Null(_config[key]);
        Assert.Contains(_config.GetChildren(), c => c.Key == key);
    }

    [Fact]
    public void An_empty_list_is_a_key_with_an_empty_value_that_binds_to_an_empty_array()
    {
        Assert.Equal(string.Empty, _config["empty_list"]);
        Assert.True(_config.GetSection("empty_list").Exists());
        Assert.Empty(_config.GetSection("empty_list").Get<string[]>()!);
    }

    [Fact]
    public void ConfigurationBinder_reads_every_kind_back()
    {
        var typed = _config.Get<Typed>()!;
        Assert.Equal(3, typed.Count);
        Assert.Equal(-12L, typed.Negative);
        Assert.Equal(0.5, typed.Ratio);
        Assert.Equal(1.0m, typed.Whole);
        Assert.Equal(double.PositiveInfinity, typed.Huge);
        Assert.Equal(double.NegativeInfinity, typed.Tiny);
        Assert.True(double.IsNaN(typed.Undefined));
        Assert.True(typed.Enabled);
        Assert.False(typed.Disabled);
        Assert.Equal("true", typed.Quoted);
        Assert.Null(typed.Nothing);
        Assert.Equal(["x", "y"], _config.GetSection("nested:list:1").Get<string[]>()!);
        Assert.Equal(1, _config.GetSection("nested:list:0").Get<Dictionary<string, int>>()!["a"]);
    }

    [Theory]
    [InlineData("redis.port", "redis:port")]
    [InlineData("curriculum_phases[0].steps", "curriculum_phases:0:steps")]
    [InlineData("visualization.canvas_size[1]", "visualization:canvas_size:1")]
    public void Strata_paths_become_configuration_keys(string path, string key) =>
        Assert.Equal(key, StrataConfigurationKeys.ToConfigurationKey(path));

    [Fact]
    public void A_configuration_key_finds_its_node_and_path()
    {
        var snapshot = _config.Providers.OfType<StrataConfigurationProvider>().Single().Snapshot!;
        Assert.True(StrataConfigurationKeys.TryFind(snapshot.Root, "NESTED:list:1:0", out var path, out var node));
        Assert.Equal("nested.list[1][0]", path.Text);
        Assert.Equal("x", ((ConfigScalar)node).StringValue);
        Assert.False(StrataConfigurationKeys.TryFind(snapshot.Root, "nested:list:9", out _, out _));
        Assert.False(StrataConfigurationKeys.TryFind(snapshot.Root, "name:deeper", out _, out _));
    }

    private sealed class Typed
    {
        public int Count { get; set; }

        public long Negative { get; set; }

        public double Ratio { get; set; }

        public decimal Whole { get; set; }

        public double Huge { get; set; }

        public double Tiny { get; set; }

        public double Undefined { get; set; }

        public bool Enabled { get; set; }

        public bool Disabled { get; set; }

        public string? Quoted { get; set; }

        public int? Nothing { get; set; }
    }
}
