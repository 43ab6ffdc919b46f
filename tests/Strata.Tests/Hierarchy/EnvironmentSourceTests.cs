using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Tests.Hierarchy;

/// <summary>Which variables pick the environment, and what the manager says decided it.</summary>
public class EnvironmentSourceTests
{
    private static EnvironmentConfigManager Manager(Dictionary<string, string> vars, IReadOnlyList<string>? names = null, string? env = null)
    {
        var options = new EnvironmentConfigOptions { Environment = env, EnvironmentVariables = vars };
        if (names is not null)
        {
            options.EnvironmentDetectionVariables = names;
        }

        return new EnvironmentConfigManager(TestPaths.SampleConfig, options);
    }

    [Fact]
    public void The_default_list_is_the_documented_order()
    {
        Assert.Equal(["STRATA_ENVIRONMENT", "ENVIRONMENT", "ENV", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT"], new EnvironmentConfigOptions().EnvironmentDetectionVariables);
    }

    [Fact]
    public void The_first_variable_set_decides_and_is_named_as_the_source()
    {
        var m = Manager(new() { ["ENV"] = "Testing", ["ASPNETCORE_ENVIRONMENT"] = "production" });

        Assert.Equal("testing", m.Environment);
        Assert.Equal("env:ENV", m.EnvironmentSource);
        Assert.Equal("environment testing (from ENV)", m.DescribeEnvironment());
    }

    [Fact]
    public void A_configured_list_is_read_in_its_own_order_and_only_it()
    {
        var vars = new Dictionary<string, string> { ["STRATA_ENVIRONMENT"] = "staging", ["FARM_ENVIRONMENT"] = "production" };

        var m = Manager(vars, ["FARM_ENVIRONMENT", .. EnvironmentConfigManager.EnvironmentVariableNames]);
        Assert.Equal("production", m.Environment);
        Assert.Equal("env:FARM_ENVIRONMENT", m.EnvironmentSource);

        var only = Manager(new() { ["STRATA_ENVIRONMENT"] = "staging" }, ["FARM_ENVIRONMENT"]);
        Assert.Equal("development", only.Environment);
        Assert.Equal("default", only.EnvironmentSource);
        Assert.Equal("environment development (default: none of FARM_ENVIRONMENT is set)", only.DescribeEnvironment());
    }

    [Fact]
    public void Blank_variables_do_not_decide()
    {
        var m = Manager(new() { ["STRATA_ENVIRONMENT"] = "  ", ["ENVIRONMENT"] = "" });

        Assert.Equal("development", m.Environment);
        Assert.Equal("default", m.EnvironmentSource);
        Assert.Equal("environment development (default: none of STRATA_ENVIRONMENT, ENVIRONMENT, ENV, DOTNET_ENVIRONMENT, ASPNETCORE_ENVIRONMENT is set)", m.DescribeEnvironment());
    }

    [Fact]
    public void An_empty_list_turns_detection_off()
    {
        var m = Manager(new() { ["STRATA_ENVIRONMENT"] = "staging" }, []);

        Assert.Equal("development", m.Environment);
        Assert.Equal("environment development (default: no detection variables configured)", m.DescribeEnvironment());
    }

    [Fact]
    public void An_explicit_or_switched_environment_says_so()
    {
        var m = Manager(new() { ["STRATA_ENVIRONMENT"] = "staging" }, env: "production");
        Assert.Equal("explicit", m.EnvironmentSource);
        Assert.Equal("environment production (set explicitly)", m.DescribeEnvironment());

        m.SwitchEnvironment("testing");
        Assert.Equal("testing", m.Environment);
        Assert.Equal("switched", m.EnvironmentSource);
        Assert.Equal("environment testing (switched at runtime)", m.DescribeEnvironment());
    }

    [Fact]
    public void A_derived_manager_keeps_the_source_unless_it_names_another_environment()
    {
        var m = Manager(new() { ["ENVIRONMENT"] = "staging" });

        Assert.Equal("env:ENVIRONMENT", m.With(null, "system_agent").EnvironmentSource);
        Assert.Equal("explicit", m.With("production", null).EnvironmentSource);
        Assert.Equal(["FARM"], Manager([], ["FARM"]).Options.Clone().EnvironmentDetectionVariables);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("HAS SPACE")]
    [InlineData("A=B")]
    public void A_detection_variable_that_is_not_a_name_is_rejected_with_its_position(string bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => Manager([], ["STRATA_ENVIRONMENT", bad]));

        Assert.StartsWith($"EnvironmentConfigOptions.EnvironmentDetectionVariables[1] '{bad}' is not a variable name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_detection_list_is_rejected()
    {
        var options = new EnvironmentConfigOptions { EnvironmentDetectionVariables = null!, EnvironmentVariables = new Dictionary<string, string>() };

        var ex = Assert.Throws<ArgumentException>(() => new EnvironmentConfigManager(TestPaths.SampleConfig, options));

        Assert.Contains("use an empty list to turn detection off", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_config_loaded_message_says_which_environment_and_why()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        await h.Settle();

        var loaded = Assert.Single(h.Notifications, n => n.EventType == ReloadEvent.ConfigLoaded);
        Assert.EndsWith("; environment development (default: none of STRATA_ENVIRONMENT, ENVIRONMENT, ENV, DOTNET_ENVIRONMENT, ASPNETCORE_ENVIRONMENT is set)", loaded.Message, StringComparison.Ordinal);
    }
}
