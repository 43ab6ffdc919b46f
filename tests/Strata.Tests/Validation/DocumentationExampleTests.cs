using System.ComponentModel.DataAnnotations;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Validation;

namespace Strata.Tests.Validation;

/// <summary>The C# examples of docs/validation.md, run against samples/config.</summary>
public sealed class DocumentationExampleTests
{
    public sealed class LearningOptions
    {
        [Range(0.0, 1.0)]
        public double LearningRate { get; set; }

        [Range(1, 4096)]
        public int BatchSize { get; set; } = 32;
    }

    [Fact]
    public void Builder_and_pipeline_example()
    {
        var schema = new ValidationSchemaBuilder()
            .Key("max_steps", k => k.Int().Required().Min(1))
            .Key("learning.epsilon_min", k => k.Float().Range(0, 1))
            .Key("learning.epsilon_start", k => k.Float().Range(0, 1))
            .Key("database.path", k => k.String().Custom(v => ((ConfigScalar)v).StringValue!.Length < 200 ? null : "path too long"))
            .Rule("learning.epsilon_min <= learning.epsilon_start", message: "epsilon_min must not exceed epsilon_start")
            .UnknownKeys(UnknownKeyPolicy.Ignore)
            .Build();
        var manager = new EnvironmentConfigManager(TestPaths.SampleConfig, new EnvironmentConfigOptions
        {
            Environment = "production",
            Agent = "system_agent",
            EnvironmentVariables = new Dictionary<string, string>(),
            Validator = new ConfigurationValidator(schema),
        });
        var result = manager.TryLoad();
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));

        var validator = ConfigurationValidator.FromFile(Path.Combine(TestPaths.SampleConfig, "schema.yaml"));
        var check = validator.Validate(manager.Load());
        Assert.True(check.IsValid);
        check.ThrowIfInvalid();
    }

    [Fact]
    public void Options_validation_example()
    {
        using var dir = TempConfigDir.CopyOf(TestPaths.SampleConfig);
        dir.Write("agents/system_agent.yaml", File.ReadAllText(Path.Combine(TestPaths.SampleConfig, "agents", "system_agent.yaml")).Replace("learning_rate: 0.0005", "learning_rate: 1.5", StringComparison.Ordinal));
        var manager = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions
        {
            Agent = "system_agent",
            EnvironmentVariables = new Dictionary<string, string>(),
            UseDirectorySchemaAndMigrations = false,
        });
        var problems = OptionsValidation.Validate<LearningOptions>(manager.Load(), "learning");
        Assert.Equal("agents/system_agent.yaml:8:18: learning.learning_rate: The field LearningRate must be between 0 and 1.", Assert.Single(problems.Errors).ToString());
        Assert.True(OptionsValidation.Validate<LearningOptions>(new EnvironmentConfigManager(TestPaths.SampleConfig, new EnvironmentConfigOptions { Agent = "system_agent", EnvironmentVariables = new Dictionary<string, string>() }).Load(), "learning").IsValid);
    }

    [Fact]
    public void Registry_example()
    {
        var registry = new CustomValidatorRegistry();
        registry.Register("absolute_path", (value, path, snapshot) =>
            value is ConfigScalar { StringValue: { } s } && Path.IsPathRooted(s) ? null : "must be an absolute path");
        var validator = ValidationKit.SchemaFromYaml("keys:\n  database.path: {type: string, custom: absolute_path}\n", new ConfigurationValidatorOptions { CustomValidators = registry });
        Assert.Equal("must be an absolute path", Assert.Single(validator.Validate(ValidationKit.Yaml("database:\n  path: simulation.db\n")).Errors).Message);
    }
}
