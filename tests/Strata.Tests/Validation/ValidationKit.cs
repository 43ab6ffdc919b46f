using System.Text;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Sources;
using Strata.Validation;

namespace Strata.Tests.Validation;

/// <summary>Helpers for validation tests: YAML text to trees, schemas from YAML, and quick assertions.</summary>
internal static class ValidationKit
{
    public static ConfigMap Yaml(string yaml, string source = "base.yaml", LayerKind layer = LayerKind.Global) =>
        ConfigFileParser.Parse(Encoding.UTF8.GetBytes(yaml), source, layer);

    public static ConfigurationValidator SchemaFromYaml(string yaml, ConfigurationValidatorOptions? options = null) =>
        ConfigurationValidator.Parse(Encoding.UTF8.GetBytes(yaml), "schema.yaml", options);

    public static IReadOnlyList<ConfigurationError> SchemaErrors(string yaml, string source = "schema.yaml")
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => ConfigurationValidator.Parse(Encoding.UTF8.GetBytes(yaml), source));
        return ex.Errors;
    }

    public static ValidationResult Check(string schemaYaml, string configYaml, ConfigurationValidatorOptions? options = null) =>
        SchemaFromYaml(schemaYaml, options).Validate(Yaml(configYaml));

    public static ValidationResult Check(ValidationSchema schema, string configYaml, ConfigurationValidatorOptions? options = null) =>
        new ConfigurationValidator(schema, options).Validate(Yaml(configYaml));

    public static ValidationError Single(ValidationResult result, string rule)
    {
        var matching = result.All.Where(e => e.Rule == rule).ToList();
        Assert.True(matching.Count == 1, $"expected one '{rule}' problem, got: {Describe(result)}");
        return matching[0];
    }

    public static string Describe(ValidationResult result) =>
        result.All.Count == 0 ? "(none)" : string.Join(" | ", result.All.Select(e => $"[{e.Rule}] {e}"));

    public static void AssertAt(ValidationError error, string file, int line, string path)
    {
        Assert.Equal(file, error.Origin?.Source);
        Assert.Equal(line, error.Origin?.Line);
        Assert.Equal(path, error.Path);
    }

    public static void AssertAt(ConfigurationError error, string file, int line)
    {
        Assert.True(file == error.File && line == error.Line, $"expected {file}:{line}, got {error}");
    }

    public static EnvironmentConfigManager Manager(string dir, string? env = null, string? agent = null, bool strict = false) =>
        new(dir, new EnvironmentConfigOptions
        {
            Environment = env,
            Agent = agent,
            EnvironmentVariables = new Dictionary<string, string>(),
            StrictValidation = strict,
        });
}
