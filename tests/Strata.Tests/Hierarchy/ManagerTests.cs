using Strata.Hierarchy;
using Strata.Model;

namespace Strata.Tests.Hierarchy;

public class ManagerTests
{
    private static EnvironmentConfigManager Manager(string dir, string? env = null, string? agent = null, Dictionary<string, string>? vars = null, params string[] overrides)
    {
        var options = new EnvironmentConfigOptions { Environment = env, Agent = agent, EnvironmentVariables = vars ?? [] };
        foreach (var o in overrides)
        {
            options.Overrides.Add(o);
        }

        return new EnvironmentConfigManager(dir, options);
    }

    [Theory]
    [InlineData("STRATA_ENVIRONMENT", "staging")]
    [InlineData("ENVIRONMENT", "production")]
    [InlineData("ENV", "testing")]
    [InlineData("DOTNET_ENVIRONMENT", "Staging")]
    [InlineData("ASPNETCORE_ENVIRONMENT", "Production")]
    public void Detects_the_environment_from_the_first_variable_set(string name, string value)
    {
        Assert.Equal(value.ToLowerInvariant(), EnvironmentConfigManager.DetectEnvironment(new Dictionary<string, string> { [name] = value }));
        Assert.Equal("development", EnvironmentConfigManager.DetectEnvironment(new Dictionary<string, string>()));
        Assert.Equal("staging", EnvironmentConfigManager.DetectEnvironment(new Dictionary<string, string> { ["STRATA_ENVIRONMENT"] = "staging", ["ENV"] = "testing" }));
    }

    [Fact]
    public void Discovers_environments_and_agents()
    {
        var m = Manager(TestPaths.SampleConfig);
        Assert.Equal(["development", "production", "staging", "testing"], m.GetAvailableEnvironments());
        Assert.Equal(["control_agent", "independent_agent", "system_agent"], m.GetAvailableAgents());
    }

    [Fact]
    public void Precedence_env_file_then_variables_then_command_line_then_runtime()
    {
        Assert.Equal(6380, Manager(TestPaths.SampleConfig, "testing").Load().Get<int>("redis.port"));
        var vars = new Dictionary<string, string> { ["STRATA__REDIS__PORT"] = "7000" };
        Assert.Equal(7000, Manager(TestPaths.SampleConfig, "testing", vars: vars).Load().Get<int>("redis.port"));
        var both = Manager(TestPaths.SampleConfig, "testing", null, vars, "redis.port=7001");
        Assert.Equal(7001, both.Load().Get<int>("redis.port"));
        both.Set("redis.port", 7002);
        var snapshot = both.Load();
        Assert.Equal(7002, snapshot.Get<int>("redis.port"));
        Assert.Equal(LayerKind.Runtime, snapshot.Explain("redis.port").Winner.Layer);
        Assert.Equal(3, snapshot.Explain("redis.port").Overridden.Count(o => o.Layer is LayerKind.CommandLine or LayerKind.EnvironmentVariables or LayerKind.Environment));
    }

    [Fact]
    public void Environment_variables_match_existing_keys_and_list_items()
    {
        var vars = new Dictionary<string, string> { ["STRATA__CURRICULUM_PHASES__1__STEPS"] = "999", ["STRATA__LEARNING__GAMMA"] = "0.5", ["strata__new__key"] = "x" };
        var s = Manager(TestPaths.SampleConfig, "development", vars: vars).Load();
        Assert.Equal(999, s.Get<int>("curriculum_phases[1].steps"));
        Assert.Equal(100, s.Get<int>("curriculum_phases[0].steps"));
        Assert.Equal(0.5, s.Get<double>("learning.gamma"));
        Assert.Equal("x", s.Get<string>("new.key"));
        Assert.Equal("env:STRATA__LEARNING__GAMMA", s.Explain("learning.gamma").Winner.Source);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData("")]
    public void Names_that_could_leave_the_directory_are_rejected(string name)
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => Manager(TestPaths.SampleConfig, name.Length == 0 ? "x" : name, name.Length == 0 ? " " : null));
        Assert.Contains("invalid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_agent_or_explicit_environment_lists_the_known_ones()
    {
        var agent = Assert.Throws<ConfigurationLoadException>(() => Manager(TestPaths.SampleConfig, "development", "nobody").Load()).Errors.Single();
        Assert.Equal("agents/nobody.yaml", agent.File);
        Assert.Contains("control_agent, independent_agent, system_agent", agent.Message, StringComparison.Ordinal);
        var env = Assert.Throws<ConfigurationLoadException>(() => Manager(TestPaths.SampleConfig, "prod").Load()).Errors.Single();
        Assert.Contains("environment 'prod' not found", env.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_base_and_ambiguous_base_are_errors()
    {
        using var dir = new TempConfigDir();
        dir.Write("environments/development.yaml", "a: 1\n");
        Assert.Equal("base.yaml", Assert.Throws<ConfigurationLoadException>(() => Manager(dir.Path).Load()).Errors.Single().File);
        dir.Write("base.yaml", "a: 1\n");
        dir.Write("base.json", "{}");
        Assert.Contains("keep one", Assert.Throws<ConfigurationLoadException>(() => Manager(dir.Path).Load()).Errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_broken_file_is_reported_not_just_the_first()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "a: [\n");
        dir.Write("environments/development.yaml", "b: 1\nb: 2\n");
        var errors = Assert.Throws<ConfigurationLoadException>(() => Manager(dir.Path, "development").Load()).Errors;
        Assert.Equal(["base.yaml", "environments/development.yaml"], errors.Select(e => e.File));
    }

    [Fact]
    public void Malformed_set_path_is_a_clear_error()
    {
        var error = Assert.Throws<ConfigurationLoadException>(() => Manager(TestPaths.SampleConfig, null, null, null, "redis..port=1").Load()).Errors.Single();
        Assert.Equal("cli", error.File);
        Assert.Contains("empty key", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected key=value", Assert.Throws<ConfigurationLoadException>(() => Manager(TestPaths.SampleConfig, null, null, null, "novalue").Load()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_load_for_every_environment_and_agent_with_no_variables_set()
    {
        var m = Manager(TestPaths.SampleConfig);
        foreach (var env in m.GetAvailableEnvironments())
        {
            foreach (var agent in m.GetAvailableAgents().Append(null))
            {
                var s = m.With(env, agent).Load();
                Assert.True(s.Count > 40);
                Assert.Equal(string.Empty, s.Get<string>("redis.password"));
            }
        }
    }

    [Fact]
    public void Summary_counts_keys_per_layer()
    {
        var summary = Manager(TestPaths.SampleConfig, "production", "system_agent").GetSummary();
        Assert.Equal([LayerKind.Global, LayerKind.Environment, LayerKind.Agent], summary.Layers);
        Assert.True(summary.TotalUniqueKeys > summary.KeysPerLayer[1].Value);
    }
}
