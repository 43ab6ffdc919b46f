using System.ComponentModel.DataAnnotations;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Snapshots;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

public sealed class OptionsValidationTests
{
    public sealed class LearningOptions
    {
        [Range(0.0, 1.0)]
        public double LearningRate { get; set; }

        [Range(1, int.MaxValue)]
        public int BatchSize { get; set; } = 1;

        [Required]
        public string? Optimizer { get; set; }
    }

    public sealed class SimulationOptions : IValidatableObject
    {
        [Required]
        [RegularExpression("^[a-z-]+$")]
        public string? SimulationId { get; set; }

        public LearningOptions Learning { get; set; } = new();

        public List<PhaseOptions> CurriculumPhases { get; set; } = [];

        public Dictionary<string, PhaseOptions> Named { get; set; } = [];

        public int MaxSteps { get; set; }

        public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(ValidationContext validationContext)
        {
            if (MaxSteps > 1000)
            {
                yield return new("MaxSteps is too large for this deployment", [nameof(MaxSteps)]);
            }
        }
    }

    public sealed class PhaseOptions
    {
        [Required]
        public string? Name { get; set; }

        [Range(-1, int.MaxValue)]
        public int Steps { get; set; }
    }

    private static ConfigSnapshot Snapshot(string yaml) => new(Yaml(yaml), 1, DateTimeOffset.UnixEpoch, [], "development");

    [Fact]
    public void Annotation_failures_point_at_the_keys_they_came_from()
    {
        var snapshot = Snapshot("""
            simulation_id: Farm Sim
            max_steps: 5000
            learning:
              learning_rate: 1.5
              batch_size: 0
            curriculum_phases:
              - name: a
                steps: 5
              - steps: -3
            named:
              first: {steps: 1}
            """);
        var result = OptionsValidation.Validate<SimulationOptions>(snapshot);
        var byPath = result.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(
            ["curriculum_phases[1].name", "curriculum_phases[1].steps", "learning.batch_size", "learning.learning_rate", "learning.optimizer", "named.first.name", "simulation_id"],
            byPath.Keys.Order(StringComparer.Ordinal));
        AssertAt(byPath["simulation_id"], "base.yaml", 1, "simulation_id");
        AssertAt(byPath["learning.learning_rate"], "base.yaml", 4, "learning.learning_rate");
        AssertAt(byPath["curriculum_phases[1].steps"], "base.yaml", 9, "curriculum_phases[1].steps");
        Assert.Equal(4, byPath["learning.optimizer"].Origin!.Line); // the learning map, which lacks the key
        Assert.Contains("LearningRate", byPath["learning.learning_rate"].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validatable_objects_run_when_the_properties_pass()
    {
        var result = OptionsValidation.Validate<SimulationOptions>(Snapshot("simulation_id: farm\nmax_steps: 5000\nlearning: {optimizer: adam}\n"));
        var error = Assert.Single(result.Errors);
        AssertAt(error, "base.yaml", 2, "max_steps");
        Assert.Equal("MaxSteps is too large for this deployment", error.Message);
    }

    [Fact]
    public void A_section_can_be_validated_on_its_own_even_when_absent()
    {
        var snapshot = Snapshot("learning:\n  learning_rate: 0.5\n  optimizer: sgd\n");
        Assert.True(OptionsValidation.Validate<LearningOptions>(snapshot, "learning").IsValid);
        var missing = OptionsValidation.Validate<LearningOptions>(Snapshot("other: 1\n"), "learning");
        var error = Assert.Single(missing.Errors);
        Assert.Equal("learning.optimizer", error.Path);
        Assert.Equal("base.yaml", error.Origin!.Source);
    }

    [Fact]
    public void A_value_that_does_not_bind_is_an_error_at_its_line()
    {
        var result = OptionsValidation.Validate<LearningOptions>(Snapshot("learning:\n  batch_size: many\n"), "learning");
        var error = Assert.Single(result.Errors);
        Assert.Equal("binding", error.Rule);
        AssertAt(error, "base.yaml", 2, "learning.batch_size");
    }

    [Fact]
    public void Options_validation_runs_in_the_pipeline()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", "learning:\n  learning_rate: 0.5\n");
        dir.Write("environments/production.yaml", "learning:\n  learning_rate: 2.0\n  optimizer: adam\n");
        var options = new EnvironmentConfigOptions
        {
            EnvironmentVariables = new Dictionary<string, string>(),
            Validator = OptionsValidation.CreateValidator<LearningOptions>("learning"),
        };
        Assert.Equal("base.yaml:2:3: learning.optimizer: The Optimizer field is required.", Assert.Single(new EnvironmentConfigManager(dir.Path, options).TryLoad().Errors).ToString());
        options.Environment = "production";
        var error = Assert.Single(new EnvironmentConfigManager(dir.Path, options).TryLoad().Errors);
        Assert.Equal("environments/production.yaml", error.File);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void An_already_bound_object_can_be_validated_against_its_node()
    {
        var node = Yaml("name: x\nsteps: -9\n");
        var result = OptionsValidation.Validate(new PhaseOptions { Name = "x", Steps = -9 }, node);
        AssertAt(Assert.Single(result.Errors), "base.yaml", 2, "steps");
    }
}
