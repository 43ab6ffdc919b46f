using System.Text;
using Microsoft.Extensions.Configuration;
using Strata.Extensions.Configuration.Tests.Support;
using Strata.Model;
using Strata.Reload;

namespace Strata.Extensions.Configuration.Tests.Configuration;

/// <summary>The same file read through the .NET JSON provider and through Strata gives the same IConfiguration.</summary>
public sealed class JsonProviderParityTests : IDisposable
{
    private readonly TestDir _dir = new();
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            item.Dispose();
        }

        _dir.Dispose();
    }

    [Theory]
    [InlineData("""{"cors": {"origins": [], "headers": {}, "max_age": null, "methods": ["GET", null, [], {}], "name": "", "enabled": true, "port": 5, "ratio": 0.5}}""")]
    [InlineData("""{"a": [[], [[]], {"b": []}, {"c": {}}]}""")]
    [InlineData("""{"empty": {}}""")]
    [InlineData("""{}""")]
    public void The_same_json_reads_the_same_through_Strata_and_the_JSON_provider(string json)
    {
        Assert.Equal(Pairs(JsonProvider(json)), Pairs(Strata(json)));
    }

    [Fact]
    public void An_empty_list_exists_and_binds_to_an_empty_array_as_with_the_JSON_provider()
    {
        const string json = """{"cors": {"origins": []}}""";
        foreach (var config in new[] { JsonProvider(json), Strata(json) })
        {
            var origins = config.GetSection("cors:origins");
            Assert.True(origins.Exists());
            Assert.Equal(string.Empty, origins.Value);
            Assert.Empty(origins.Get<string[]>()!);
        }
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    public void An_empty_map_or_null_does_not_exist_as_with_the_JSON_provider(string value)
    {
        var json = "{\"cors\": {\"origins\": " + value + "}}";
        foreach (var config in new[] { JsonProvider(json), Strata(json) })
        {
            var origins = config.GetSection("cors:origins");
            Assert.False(origins.Exists());
            Assert.Null(origins.Value);
            Assert.Null(origins.Get<string[]>());
        }
    }

    [Fact]
    public void Keys_differing_only_in_case_are_refused_as_the_JSON_provider_refuses_them()
    {
        const string json = "{\"Redis\": 1,\n \"redis\": 2}";
        Assert.Throws<FormatException>(() => JsonProvider(json));

        FormatException thrown = Assert.Throws<ConfigurationLoadException>(() => Strata(json));

        Assert.Equal(
            "base.json:2:11: redis: the key 'redis' differs only in case from 'Redis' at base.json:1:11; configuration keys are case-insensitive in .NET",
            Assert.Single(((ConfigurationLoadException)thrown).Errors).ToString());
    }

    [Fact]
    public void A_key_with_a_colon_next_to_the_section_it_names_is_refused_as_the_JSON_provider_refuses_it()
    {
        const string json = "{\"a\": {\"b\": 1},\n \"a:b\": 2}";
        Assert.Throws<FormatException>(() => JsonProvider(json));

        var thrown = Assert.Throws<ConfigurationLoadException>(() => Strata(json));

        Assert.Equal(
            "base.json:2:9: a:b: the configuration key 'a:b' is also the key of 'a.b' at base.json:1:13; ':' separates sections and keys are case-insensitive in .NET configuration, so the two cannot both be read",
            Assert.Single(thrown.Errors).ToString());
    }

    [Fact]
    public void A_key_with_a_colon_that_names_a_section_in_another_case_is_refused_in_yaml_too()
    {
        _dir.Write("base.yaml", "A:\n  b: 1\n\"a:B\": 2\n");

        var thrown = Assert.Throws<ConfigurationLoadException>(() => Track(new ConfigurationBuilder().AddStrata(_dir.Path).Build()));

        Assert.Equal(
            "base.yaml:3:8: a:B: the configuration key 'a:B' is also the key of 'A.b' at base.yaml:2:6; ':' separates sections and keys are case-insensitive in .NET configuration, so the two cannot both be read",
            Assert.Single(thrown.Errors).ToString());
    }

    [Fact]
    public async Task A_reload_that_makes_two_values_share_a_configuration_key_fails_and_keeps_the_last_good_values()
    {
        _dir.Write("base.yaml", "a:\n  b: 1\n");
        var config = Track(new ConfigurationBuilder().AddStrata(_dir.Path, o => o.Reload.Strategy = ReloadStrategy.Manual).Build());
        var provider = config.Providers.OfType<StrataConfigurationProvider>().Single();

        _dir.Write("base.yaml", "a:\n  b: 1\n\"a:b\": 2\n");
        var failed = await provider.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Failed, failed.Status);
        Assert.Equal(
            "base.yaml:3:8: a:b: the configuration key 'a:b' is also the key of 'a.b' at base.yaml:2:6; ':' separates sections and keys are case-insensitive in .NET configuration, so the two cannot both be read",
            Assert.Single(failed.Errors).ToString());
        Assert.Equal("1", config["a:b"]);
        Assert.Equal(1, provider.Snapshot!.Version);

        _dir.Write("base.yaml", "a:\n  b: 2\n");
        Assert.Equal(ReloadStatus.Published, (await provider.Reloader.ReloadNowAsync()).Status);
        Assert.Equal("2", config["a:b"]);
    }

    [Theory]
    [InlineData("base.yaml", "a: 1\nb: [1, 2\n")]
    [InlineData("base.json", "{\"a\": 1,\n \"b\": [1, 2}\n")]
    [InlineData("base.yaml", "a: 1\na: 2\n")]
    [InlineData("base.json", "{\"a\": 1,\n \"a\": 2}\n")]
    public void A_malformed_or_duplicate_key_file_throws_a_FormatException_whose_errors_name_file_and_line(string file, string content)
    {
        _dir.Write(file, content);

        var thrown = Assert.ThrowsAny<FormatException>(() => Track(new ConfigurationBuilder().AddStrata(_dir.Path).Build()));

        var error = Assert.Single(Assert.IsType<ConfigurationLoadException>(thrown).Errors);
        Assert.Equal(file, error.File);
        Assert.True(error.Line >= 2, error.ToString());
        Assert.StartsWith(error.Location + ": ", thrown.Message, StringComparison.Ordinal);
    }

    private static IConfigurationRoot JsonProvider(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static string[] Pairs(IConfiguration config) =>
        [.. config.AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + (p.Value is null ? "(null)" : "'" + p.Value + "'"))];

    private IConfigurationRoot Strata(string json)
    {
        _dir.Write("base.json", json);
        return Track(new ConfigurationBuilder().AddStrata(_dir.Path).Build());
    }

    private IConfigurationRoot Track(IConfigurationRoot config)
    {
        _cleanup.Add((IDisposable)config);
        return config;
    }
}
