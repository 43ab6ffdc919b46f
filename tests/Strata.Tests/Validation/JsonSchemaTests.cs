using System.Text.Json;
using Strata.Model;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

/// <summary>A schema file that declares $schema is a JSON Schema, evaluated on the effective configuration.</summary>
public sealed class JsonSchemaTests
{
    private const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["simulation_id", "max_steps"],
          "properties": {
            "simulation_id": {"type": "string", "pattern": "^[a-z-]+$"},
            "max_steps": {"type": "integer", "minimum": 1},
            "redis": {
              "type": "object",
              "properties": {"port": {"type": "integer", "maximum": 65535}, "password": {"type": "string", "minLength": 12}}
            },
            "phases": {"type": "array", "items": {"type": "object", "properties": {"steps": {"type": "integer"}}}}
          }
        }
        """;

    [Fact]
    public void Failures_point_at_the_config_line_of_the_offending_value()
    {
        using var dir = new TempConfigDir();
        dir.Write("schema.json", Schema);
        dir.Write("base.yaml", "simulation_id: farm\nmax_steps: 10\nredis:\n  port: 6379\nphases:\n  - steps: 1\n  - steps: 2\n");
        dir.Write("environments/production.yaml", "max_steps: 0\nredis:\n  port: 70000\n  password: short\nphases:\n  - steps: 1\n  - steps: many\n");
        var result = Manager(dir.Path, "production").TryLoad();
        Assert.False(result.Succeeded);
        var byPath = result.Errors.ToDictionary(e => e.Path);
        Assert.Equal(["max_steps", "phases[1].steps", "redis.password", "redis.port"], byPath.Keys.Order(StringComparer.Ordinal));
        AssertAt(byPath["max_steps"], "environments/production.yaml", 1);
        AssertAt(byPath["redis.port"], "environments/production.yaml", 3);
        AssertAt(byPath["phases[1].steps"], "environments/production.yaml", 7);
        Assert.Equal("0 should be at least 1", byPath["max_steps"].Message);
        Assert.DoesNotContain("short", byPath["redis.password"].ToString(), StringComparison.Ordinal);
        Assert.True(Manager(dir.Path, "development").TryLoad().Succeeded);
    }

    [Fact]
    public void Missing_required_keys_are_reported_at_the_parent_map()
    {
        var validator = ConfigurationValidator.Parse(System.Text.Encoding.UTF8.GetBytes(Schema), "schema.json");
        var error = Assert.Single(validator.Validate(Yaml("simulation_id: x\n")).Errors);
        Assert.Equal(string.Empty, error.Path);
        Assert.Contains("max_steps", error.Message, StringComparison.Ordinal);
        Assert.Equal("base.yaml", error.Origin!.Source);
        Assert.Equal("json-schema:required", error.Rule);
    }

    [Fact]
    public void A_json_schema_written_in_yaml_works_too()
    {
        const string yaml = """
            $schema: https://json-schema.org/draft/2020-12/schema
            type: object
            properties:
              level: {enum: [DEBUG, INFO]}
            """;
        var validator = SchemaFromYaml(yaml);
        Assert.NotNull(validator.JsonSchema);
        Assert.Null(validator.Schema);
        var error = Assert.Single(validator.Validate(Yaml("a: 1\nlevel: TRACE\n")).Errors);
        AssertAt(error, "base.yaml", 2, "level");
    }

    [Fact]
    public void A_json_schema_that_breaks_its_meta_schema_is_reported_at_its_lines()
    {
        const string yaml = """
            $schema: https://json-schema.org/draft/2020-12/schema
            type: object
            properties:
              a: {type: integer, minimum: low}
              b: {type: strin}
            """;
        var errors = SchemaErrors(yaml);
        Assert.Contains(errors, e => e.Line == 4 && e.Path == "properties.a.minimum" && e.Message.StartsWith("not a valid JSON Schema", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 5 && e.Path == "properties.b.type");
    }

    [Fact]
    public void An_invalid_regex_in_a_json_schema_is_reported_at_its_line()
    {
        const string yaml = "$schema: https://json-schema.org/draft/2020-12/schema\nproperties:\n  a:\n    pattern: '(['\n";
        var error = Assert.Single(SchemaErrors(yaml));
        AssertAt(error, "schema.yaml", 4);
        Assert.Contains("is not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$schema: https://example.com/my-dialect\n", "unsupported $schema")]
    [InlineData("$schema: 7\n", "$schema must be the URI of a JSON Schema draft")]
    [InlineData("$schema: https://json-schema.org/draft/2020-12/schema\n$ref: https://example.com/elsewhere.json\n", "the JSON Schema cannot be used")]
    public void Unusable_json_schemas_are_clear_errors(string yaml, string message)
    {
        var error = Assert.Single(SchemaErrors(yaml));
        Assert.Equal("schema.yaml", error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Older_drafts_that_the_library_knows_are_accepted()
    {
        var validator = SchemaFromYaml("$schema: http://json-schema.org/draft-07/schema#\nproperties:\n  a: {type: integer}\n");
        Assert.False(validator.Validate(Yaml("a: 1.5\n")).IsValid);
    }

    [Fact]
    public void A_json_schema_built_in_code()
    {
        var schema = Json.Schema.JsonSchema.FromText("""{"type": "object", "properties": {"a": {"type": "integer"}}}""", new Json.Schema.BuildOptions { SchemaRegistry = new Json.Schema.SchemaRegistry() });
        var validator = new ConfigurationValidator(schema);
        Assert.Equal("a", Assert.Single(validator.Validate(Yaml("a: x\n")).Errors).Path);
        using var exported = JsonDocument.Parse(JsonSchemaExporter.Export(validator));
        Assert.Equal("object", exported.RootElement.GetProperty("type").GetString());
    }
}
