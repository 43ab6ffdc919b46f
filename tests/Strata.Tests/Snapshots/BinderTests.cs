using Strata.Model;
using Strata.Snapshots;

namespace Strata.Tests.Snapshots;

public class BinderTests
{
    public enum Mode
    {
        Fast,
        SafeMode,
    }

    public sealed record RedisOptions(string Host, int Port, string? Password = null);

    public sealed class LearningOptions
    {
        public double LearningRate { get; set; }

        public int? BatchSize { get; set; }

        public TimeSpan Timeout { get; set; }

        public Mode Mode { get; init; }

        public List<string> Tags { get; set; } = [];

        public int[] Sizes { get; set; } = [];

        public Dictionary<string, double> Ratios { get; set; } = [];

        public RedisOptions? Redis { get; set; }

        public IReadOnlyList<Phase> Phases { get; set; } = [];
    }

    public sealed record Phase(string Name, int Steps);

    [Fact]
    public void Binds_records_classes_nested_lists_dictionaries_enums_timespans_and_nullables()
    {
        var node = Parse.Yaml("""
            learning_rate: 0.01
            batch_size: ~
            timeout: 1m30s
            mode: safe_mode
            tags: [a, b]
            sizes: [1, 2]
            ratios: {x: 0.5, y: 0.5}
            redis: {host: h, port: 1}
            phases:
              - {name: one, steps: 10}
              - {name: two, steps: -1}
            ignored_key: 1
            """);
        var options = ConfigBinder.Bind<LearningOptions>(node);
        Assert.Equal(0.01, options.LearningRate);
        Assert.Null(options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Timeout);
        Assert.Equal(Mode.SafeMode, options.Mode);
        Assert.Equal(["a", "b"], options.Tags);
        Assert.Equal([1, 2], options.Sizes);
        Assert.Equal(0.5, options.Ratios["y"]);
        Assert.Equal(new RedisOptions("h", 1), options.Redis);
        Assert.Equal(new Phase("two", -1), options.Phases[1]);
    }

    [Fact]
    public void Binds_the_sample_redis_section_with_snapshot_bind()
    {
        var snapshot = new Strata.Hierarchy.EnvironmentConfigManager(TestPaths.SampleConfig, new() { Environment = "testing", EnvironmentVariables = new Dictionary<string, string>() }).Load();
        var redis = snapshot.Bind<RedisOptions>("redis");
        Assert.Equal(6380, redis.Port);
        Assert.Equal(6380, snapshot.GetSection("redis").Bind<RedisOptions>().Port);
    }

    [Fact]
    public void A_value_that_does_not_convert_names_its_origin()
    {
        var node = Parse.Yaml("learning_rate: fast\n", "agents/a.yaml");
        var ex = Assert.Throws<ConfigurationBindingException>(() => ConfigBinder.Bind<LearningOptions>(node));
        Assert.StartsWith("agents/a.yaml:1:16: learning_rate:", ex.Message, StringComparison.Ordinal);
        var bad = Parse.Yaml("mode: turbo\n");
        Assert.Contains("not one of fast, safemode", Assert.Throws<ConfigurationBindingException>(() => ConfigBinder.Bind<LearningOptions>(bad)).Message, StringComparison.Ordinal);
    }
}
