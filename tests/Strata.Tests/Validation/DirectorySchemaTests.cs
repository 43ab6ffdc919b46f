using Strata.Hierarchy;
using Strata.Model;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

/// <summary>The config directory's schema.yaml in the pipeline: every load and every reload runs it.</summary>
public sealed class DirectorySchemaTests
{
    public static TheoryData<string, string> Combinations()
    {
        var data = new TheoryData<string, string>();
        foreach (var env in new[] { "development", "testing", "staging", "production" })
        {
            foreach (var agent in new[] { "system_agent", "independent_agent", "control_agent" })
            {
                data.Add(env, agent);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Sample_config_is_valid_for_every_environment_and_agent_even_when_strict(string env, string agent)
    {
        var result = Manager(TestPaths.SampleConfig, env, agent, strict: true).TryLoad();
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Three_faults_in_two_files_are_all_reported_at_their_lines()
    {
        using var dir = TempConfigDir.CopyOf(TestPaths.SampleConfig);
        dir.Write("environments/development.yaml", """
            # Development with a mistake
            max_steps: lots
            debug: true
            environment:
              width: 50
              height: 50
            """);
        dir.Write("agents/system_agent.yaml", """
            agent_behavior:
              share_weight: 0.3
            learning:
              learning_rate: 1.5
              epsilon_start: 0.2
              epsilon_min: 0.6
            """);
        var result = Manager(dir.Path, "development", "system_agent").TryLoad();
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Errors.Count);
        var type = result.Errors.Single(e => e.Path == "max_steps");
        Assert.Equal("environments/development.yaml:2:12: max_steps: expected int, found string 'lots'", type.ToString());
        var range = result.Errors.Single(e => e.Path == "learning.learning_rate");
        Assert.Equal("agents/system_agent.yaml:4:18: learning.learning_rate: must be at most 1, but is 1.5", range.ToString());
        var cross = result.Errors.Single(e => e.Path == "learning.epsilon_min");
        AssertAt(cross, "agents/system_agent.yaml", 6);
        Assert.StartsWith("epsilon_min must not exceed epsilon_start", cross.Message, StringComparison.Ordinal);
        Assert.Contains("learning.epsilon_start = 0.2 at agents/system_agent.yaml:5:18", cross.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_inherited_from_base_is_reported_in_base()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "port: 70000\n");
        dir.Write("environments/production.yaml", "other: 1\n");
        dir.Write("schema.yaml", "keys:\n  port: {type: int, max: 65535}\n  other: int\n");
        var error = Assert.Single(Manager(dir.Path, "production").TryLoad().Errors);
        Assert.Equal("base.yaml:1:7: port: must be at most 65535, but is 70000", error.ToString());
    }

    [Fact]
    public void A_malformed_schema_fails_the_load_with_its_file_and_line()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "a: 1\n");
        dir.Write("schema.yaml", "keys:\n  a: {type: int, min: 5, max: 1}\n");
        var result = Manager(dir.Path).TryLoad();
        Assert.False(result.Succeeded);
        Assert.Equal("schema.yaml:2:23: a: min (5) is greater than max (1): no value can pass", Assert.Single(result.Errors).ToString());
        Assert.Throws<ConfigurationLoadException>(() => Manager(dir.Path).Load());
    }

    [Fact]
    public void Two_schema_files_are_an_error()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "a: 1\n");
        dir.Write("schema.yaml", "keys: {a: int}\n");
        dir.Write("schema.json", "{\"keys\": {\"a\": \"int\"}}\n");
        var error = Assert.Single(Manager(dir.Path).TryLoad().Errors);
        Assert.Equal("schema.json: both schema.yaml and schema.json exist; keep one schema file", error.ToString());
    }

    [Fact]
    public void Schema_json_rule_schema_and_warnings_reach_the_pipeline_result()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "a: 1\nb: 2\n");
        dir.Write("schema.json", "{\"keys\": {\"a\": \"int\"}}\n");
        var result = Manager(dir.Path).TryLoad();
        Assert.True(result.Succeeded);
        Assert.Equal("base.yaml:2:4: warning: b: unknown key: the schema does not declare it", Assert.Single(result.Warnings).ToString());
        var strict = Manager(dir.Path, strict: true).TryLoad();
        Assert.False(strict.Succeeded);
        Assert.Equal(ErrorSeverity.Error, Assert.Single(strict.Errors).Severity);
    }

    [Fact]
    public void The_directory_schema_can_be_turned_off_and_combined_with_a_validator_in_code()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "a: 1\n");
        dir.Write("schema.yaml", "keys:\n  a: {type: int, min: 5}\n");
        var codeSchema = new ValidationSchemaBuilder().Key("a", k => k.Int().Max(0)).UnknownKeys(UnknownKeyPolicy.Ignore).Build();
        var options = new EnvironmentConfigOptions { EnvironmentVariables = new Dictionary<string, string>(), Validator = new ConfigurationValidator(codeSchema) };
        Assert.Equal(2, new EnvironmentConfigManager(dir.Path, options).TryLoad().Errors.Count);
        options.UseDirectorySchemaAndMigrations = false;
        Assert.Equal("must be at most 0, but is 1", Assert.Single(new EnvironmentConfigManager(dir.Path, options).TryLoad().Errors).Message);
    }

    [Fact]
    public void The_loaded_schema_is_cached_by_content_so_reloads_do_not_parse_it_again()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "a: 1\n");
        dir.Write("schema.yaml", $"# {Guid.NewGuid()}\nkeys:\n  a: int\n");
        var errors = new List<ConfigurationError>();
        var first = DirectorySchema.Load(dir.Path, errors);
        var second = DirectorySchema.Load(dir.Path, errors);
        Assert.NotNull(first);
        Assert.Same(first, second);
        dir.Write("schema.yaml", $"# {Guid.NewGuid()}\nkeys:\n  a: {{type: int, min: 2}}\n");
        var third = DirectorySchema.Load(dir.Path, errors);
        Assert.NotSame(first, third);
        Assert.Empty(errors);

        // A reload through the same pipeline picks the changed schema up.
        var pipeline = new ConfigurationPipeline(Manager(dir.Path));
        Assert.Equal("must be at least 2, but is 1", Assert.Single(pipeline.Run(1).Errors).Message);
        dir.Write("schema.yaml", "keys:\n  a: int\n");
        Assert.True(pipeline.Run(2).Succeeded);
    }

    [Fact]
    public void No_schema_file_means_no_validation()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "a: 1\n");
        Assert.Null(DirectorySchema.Load(dir.Path));
        Assert.True(Manager(dir.Path).TryLoad().Succeeded);
    }
}
