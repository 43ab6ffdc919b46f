using System.Text.Json;
using Json.Schema;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Serialization;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

/// <summary>strata schema export: a JSON Schema made from the rule schema, for editors.</summary>
public sealed class SchemaExportTests
{
    private static readonly Lazy<string> SampleExport = new(() => JsonSchemaExporter.Export(DirectorySchema.Load(TestPaths.SampleConfig)!));

    private static JsonSchema Build(string json) => JsonSchema.FromText(json, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static EvaluationResults Evaluate(JsonSchema schema, ConfigNode tree)
    {
        using var document = JsonDocument.Parse(ConfigJsonWriter.ToJson(tree));
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
    }

    /// <summary>Where the failures are: failing nodes reached through failing nodes (what strata reports too).</summary>
    private static List<string> FailedLocations(EvaluationResults results)
    {
        var found = new List<string>();
        void Walk(EvaluationResults node)
        {
            if (node.IsValid)
            {
                return;
            }

            if (node.Errors is { Count: > 0 })
            {
                found.Add(node.InstanceLocation.ToString());
            }

            foreach (var detail in node.Details ?? [])
            {
                Walk(detail);
            }
        }

        Walk(results);
        return [.. found.Distinct()];
    }

    private static ConfigMap Effective(string dir, string env, string agent) =>
        new EnvironmentConfigManager(dir, new EnvironmentConfigOptions
        {
            Environment = env,
            Agent = agent,
            EnvironmentVariables = new Dictionary<string, string>(),
            UseDirectorySchemaAndMigrations = false,
        }).Load().Root;

    [Fact]
    public void The_exported_schema_is_a_valid_draft_2020_12_schema()
    {
        using var document = JsonDocument.Parse(SampleExport.Value);
        Assert.Equal(JsonSchemaExporter.Draft202012, document.RootElement.GetProperty("$schema").GetString());
        Assert.True(MetaSchemas.Draft202012.Evaluate(document.RootElement).IsValid);
        Assert.Contains("epsilon_order", document.RootElement.GetProperty("$comment").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DirectorySchemaTests.Combinations), MemberType = typeof(DirectorySchemaTests))]
    public void The_exported_schema_accepts_the_sample_config(string env, string agent)
    {
        var results = Evaluate(Build(SampleExport.Value), Effective(TestPaths.SampleConfig, env, agent));
        Assert.True(results.IsValid, string.Join(", ", FailedLocations(results)));
    }

    [Fact]
    public void The_exported_schema_rejects_the_faulty_config()
    {
        using var dir = TempConfigDir.CopyOf(TestPaths.SampleConfig);
        dir.Write("environments/development.yaml", "max_steps: lots\n");
        dir.Write("agents/system_agent.yaml", "learning:\n  learning_rate: 1.5\n  epsilon_start: 0.2\n  epsilon_min: 0.6\n");
        var results = Evaluate(Build(SampleExport.Value), Effective(dir.Path, "development", "system_agent"));
        Assert.False(results.IsValid);
        Assert.Equal(["/learning/learning_rate", "/max_steps"], FailedLocations(results).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Overlay_export_accepts_every_layer_file_on_its_own()
    {
        var validator = DirectorySchema.Load(TestPaths.SampleConfig)!;
        var full = Build(SampleExport.Value);
        var overlay = Build(JsonSchemaExporter.Export(validator, new JsonSchemaExportOptions { Overlay = true }));
        var files = Directory.EnumerateFiles(TestPaths.SampleConfig, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("schema.yaml", StringComparison.Ordinal) && !f.Contains("/migrations/", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(8, files.Count);
        foreach (var file in files)
        {
            var tree = Yaml(File.ReadAllText(file), Path.GetFileName(file));
            Assert.True(Evaluate(overlay, tree).IsValid, file);
        }

        var development = Yaml(File.ReadAllText(Path.Combine(TestPaths.SampleConfig, "environments", "development.yaml")));
        Assert.False(Evaluate(full, development).IsValid);
        Assert.False(Evaluate(overlay, Yaml("max_steps: 0\n")).IsValid);
    }

    [Fact]
    public void Strict_export_rejects_undeclared_keys()
    {
        var validator = DirectorySchema.Load(TestPaths.SampleConfig)!;
        var strict = Build(JsonSchemaExporter.Export(validator, new JsonSchemaExportOptions { Strict = true }));
        var sample = Effective(TestPaths.SampleConfig, "production", "control_agent");
        Assert.True(Evaluate(strict, sample).IsValid);
        Assert.Equal(["/redis/prot"], FailedLocations(Evaluate(strict, ConfigTree.Set(sample, ConfigPath.Parse("redis.prot"), ConfigScalar.Int(1, Origin.Runtime)))));
        Assert.True(Evaluate(strict, ConfigTree.Set(sample, ConfigPath.Parse("agent_parameters.anything"), ConfigScalar.Int(1, Origin.Runtime))).IsValid);
    }

    [Fact]
    public void Each_rule_kind_maps_to_its_json_schema_keyword()
    {
        const string schema = """
            unknown_keys: error
            keys:
              name: {type: string, required: true, min_length: 2, max_length: 8, pattern: '^[a-z]+$', description: The name}
              level: {type: string, nullable: true, allowed: [DEBUG, INFO]}
              ratio: {type: float, exclusive_min: 0, exclusive_max: 1}
              size: {type: list, min_length: 2, max_length: 2}
              size[*]: {type: int, min: 1}
              pair: list
              pair[1]: {type: int, required: true}
              old: {type: int, deprecated: use new}
              redis.password: {type: string, requires: [redis.host, other.key]}
              redis.host: string
              other.key: string
            """;
        var json = JsonSchemaExporter.ToJsonSchema(SchemaFromYaml(schema).Schema!);
        var properties = json["properties"]!;
        var relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.Equal("""{"type":"string","description":"The name","minLength":2,"maxLength":8,"pattern":"^[a-z]+$"}""", properties["name"]!.ToJsonString(relaxed));
        Assert.Equal("""{"type":["string","null"],"enum":["DEBUG","INFO",null]}""", properties["level"]!.ToJsonString());
        Assert.Equal("""{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1}""", properties["ratio"]!.ToJsonString());
        Assert.Equal("""{"type":"array","items":{"type":"integer","minimum":1},"minItems":2,"maxItems":2}""", properties["size"]!.ToJsonString());
        Assert.Equal("""{"type":"array","prefixItems":[{},{"type":"integer"}],"minItems":2}""", properties["pair"]!.ToJsonString());
        Assert.Equal("""{"type":"integer","deprecated":true,"description":"Deprecated: use new"}""", properties["old"]!.ToJsonString());
        Assert.Equal("""{"password":["host"]}""", properties["redis"]!["dependentRequired"]!.ToJsonString());
        Assert.False(json["additionalProperties"]!.GetValue<bool>());
        Assert.Equal("""["name"]""", json["required"]!.ToJsonString());

        var built = Build(json.ToJsonString());
        Assert.True(Evaluate(built, Yaml("name: ab\npair: [1, 2]\nredis: {password: x, host: h}\nother: {key: k}\n")).IsValid);
        Assert.Equal([string.Empty], FailedLocations(Evaluate(built, Yaml("name: ab\nredis: {password: x, host: h}\n"))));
    }

    [Fact]
    public void A_json_schema_directory_exports_as_it_is()
    {
        using var dir = new TempConfigDir();
        dir.Write("schema.yaml", "$schema: https://json-schema.org/draft/2020-12/schema\ntype: object\nproperties:\n  a: {type: integer}\n");
        using var document = JsonDocument.Parse(JsonSchemaExporter.Export(DirectorySchema.Load(dir.Path)!));
        Assert.Equal("integer", document.RootElement.GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
    }
}
