using Strata.Hierarchy;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Tests.Snapshots;

public class SnapshotTests
{
    private static ConfigSnapshot Sample(string env = "production", string? agent = "system_agent")
    {
        var options = new EnvironmentConfigOptions { Environment = env, Agent = agent, EnvironmentVariables = new Dictionary<string, string>() };
        return new EnvironmentConfigManager(TestPaths.SampleConfig, options).Load();
    }

    [Fact]
    public void Typed_reads_of_every_scalar_kind()
    {
        var s = Sample();
        Assert.Equal(6379, s.Get<int>("redis.port"));
        Assert.Equal(6379L, s.Get<long>("redis.port"));
        Assert.Equal(0.0005, s.Get<double>("learning.learning_rate"));
        Assert.False(s.Get<bool>("debug"));
        Assert.Equal("farm-simulation", s.Get<string>("simulation_id"));
        Assert.Equal("6379", s.Get<string>("redis.port"));
        Assert.Equal(200, s.Get<int>("curriculum_phases[1].steps"));
        Assert.True(s.TryGet<int>("environment.width", out var width) && width == 200);
        Assert.False(s.TryGet<int>("nope", out _));
        Assert.False(s.TryGet<int>("simulation_id", out _));
    }

    [Fact]
    public void Missing_key_and_wrong_type_have_clear_errors()
    {
        var s = Sample();
        Assert.Contains("'no.such.key' does not exist", Assert.Throws<KeyNotFoundException>(() => s.Get<int>("no.such.key")).Message, StringComparison.Ordinal);
        var ex = Assert.Throws<ConfigurationBindingException>(() => s.Get<int>("simulation_id"));
        Assert.StartsWith("base.yaml:4:16: simulation_id: expected an integer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_of_scalars_allocate_nothing()
    {
        var s = Sample();
        _ = s.Get<int>("redis.port");
        _ = s.Get<double>("learning.gamma");
        _ = s.Get<string>("simulation_id");
        var section = s.GetSection("redis");
        _ = section.Get<int>("port");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 1000; i++)
        {
            sum += s.Get<int>("redis.port") + s.Get<double>("learning.gamma") + s.Get<string>("simulation_id").Length + section.Get<int>("port");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Explain_gives_the_winner_and_what_it_overrides()
    {
        var s = Sample();
        var e = s.Explain("learning.learning_rate");
        Assert.Equal("agents/system_agent.yaml", e.Winner.Source);
        Assert.Equal(LayerKind.Agent, e.Winner.Layer);
        Assert.Equal(8, e.Winner.Line);
        var overridden = Assert.Single(e.Overridden);
        Assert.Equal("base.yaml", overridden.Source);
        Assert.Equal(0.001, ((ConfigScalar)overridden.Value).FloatValue);
    }

    [Fact]
    public void Keys_sections_and_content_hash()
    {
        var a = Sample();
        var b = Sample();
        Assert.Contains("redis.port", a.Keys);
        Assert.Contains("curriculum_phases", a.Keys);
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ContentHash, Sample("development").ContentHash);
        var redis = a.GetSection("redis");
        Assert.True(redis.Exists);
        Assert.Contains("port", redis.Keys);
        Assert.False(a.GetSection("missing").Exists);
    }

    [Fact]
    public void Each_agent_gets_only_its_own_layer()
    {
        var manager = new EnvironmentConfigManager(TestPaths.SampleConfig, new EnvironmentConfigOptions { Environment = "development", EnvironmentVariables = new Dictionary<string, string>() });
        var system = manager.ForAgent("system_agent");
        var control = manager.ForAgent("control_agent");
        Assert.Equal(0.8, system.Get<double>("agent_behavior.cooperation_bias"));
        Assert.Equal(0.5, control.Get<double>("agent_behavior.cooperation_bias"));
        Assert.False(system.Contains("agent_parameters.fixed_policy"));
        Assert.True(control.Get<bool>("agent_parameters.fixed_policy"));
    }

    [Fact]
    public void ToString_gives_version_short_hash_environment_agent_and_key_count()
    {
        var s = Sample();
        Assert.Equal($"ConfigSnapshot v1 ({s.ContentHash[..12]}): environment production, agent system_agent, {s.Count} keys", s.ToString());
        Assert.Matches("^ConfigSnapshot v7 \\([0-9a-f]{12}\\): environment testing, agent none, [0-9]+ keys$", Sample("testing", null).WithVersion(7, DateTimeOffset.UnixEpoch).ToString());
    }

    [Fact]
    public void The_manager_ToString_gives_directory_environment_source_and_agent()
    {
        var manager = new EnvironmentConfigManager(TestPaths.SampleConfig, new EnvironmentConfigOptions { Agent = "control_agent", EnvironmentVariables = new Dictionary<string, string> { ["ENV"] = "staging" } });
        Assert.Equal($"EnvironmentConfigManager {Path.GetFullPath(TestPaths.SampleConfig)}: environment staging (env:ENV), agent control_agent", manager.ToString());
    }
}
