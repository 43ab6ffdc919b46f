using Strata.Model;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

public sealed class KeyRuleTests
{
    [Theory]
    [InlineData("string", "'text'", true)]
    [InlineData("string", "5", false)]
    [InlineData("int", "5", true)]
    [InlineData("int", "5.5", false)]
    [InlineData("int", "'5'", false)]
    [InlineData("float", "5.5", true)]
    [InlineData("float", "5", true)]
    [InlineData("float", "yes", false)]
    [InlineData("bool", "true", true)]
    [InlineData("bool", "'true'", false)]
    [InlineData("list", "[1, 2]", true)]
    [InlineData("list", "{a: 1}", false)]
    [InlineData("map", "{a: 1}", true)]
    [InlineData("map", "[1]", false)]
    [InlineData("any", "[1]", true)]
    [InlineData("[int, string]", "abc", true)]
    [InlineData("[int, string]", "1.5", false)]
    public void Type_is_checked(string type, string value, bool valid)
    {
        var result = Check($"keys:\n  x: {{type: {type}}}\n", $"x: {value}\n");
        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            var error = Single(result, "type");
            AssertAt(error, "base.yaml", 1, "x");
            Assert.Contains("expected", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Type_shorthand_and_null_handling()
    {
        const string schema = "keys:\n  a: int\n  b: {type: int, nullable: true}\n";
        var result = Check(schema, "a: null\nb: null\n");
        var error = Single(result, "type");
        Assert.Equal("a", error.Path);
        Assert.Equal("expected int, found null", error.Message);
    }

    [Fact]
    public void Required_keys_are_reported_at_their_parent()
    {
        const string schema = """
            keys:
              simulation_id: {type: string, required: true}
              environment.width: {type: int, required: true}
              redis.host: {type: string, required: true}
            """;
        var result = Check(schema, "environment:\n  height: 5\nother: 1\n");
        var errors = result.Errors.Where(e => e.Rule == "required").ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Path == "simulation_id" && e.Origin!.Line == 1);
        Assert.Contains(errors, e => e.Path == "environment.width" && e.Origin!.Line == 2);
        Assert.Contains(errors, e => e.Path == "redis.host" && e.Message.Contains("is required but not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Required_under_a_wildcard_applies_to_every_item()
    {
        const string schema = """
            keys:
              phases: list
              phases[*].name: {type: string, required: true}
              phases[*].steps: int
            """;
        var result = Check(schema, "phases:\n  - name: a\n    steps: 1\n  - steps: 2\n");
        var error = Single(result, "required");
        Assert.Equal("phases[1].name", error.Path);
        Assert.Equal(4, error.Origin!.Line);
    }

    [Fact]
    public void Required_index_needs_enough_items()
    {
        var result = Check("keys:\n  size: list\n  size[1]: {type: int, required: true}\n", "size: [400]\n");
        var error = Single(result, "required");
        Assert.Equal("size[1]", error.Path);
        Assert.Contains("only 1 items", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("min: 1", "0", "must be at least 1, but is 0")]
    [InlineData("max: 1", "1.5", "must be at most 1, but is 1.5")]
    [InlineData("exclusive_min: 0", "0", "must be greater than 0, but is 0")]
    [InlineData("exclusive_max: 1", "1", "must be less than 1, but is 1")]
    [InlineData("min: 0", ".nan", "is .nan, which is not in any range")]
    public void Ranges_are_checked(string bound, string value, string message)
    {
        var result = Check($"keys:\n  x: {{type: float, {bound}}}\n", $"x: {value}\n");
        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Range_bounds_are_inclusive()
    {
        var result = Check("keys:\n  x: {type: float, min: 0, max: 1}\n  y: {min: 0, max: 1}\n", "x: 0.0\ny: 1\n");
        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void Min_without_a_type_implies_a_number()
    {
        var error = Single(Check("keys:\n  x: {min: 0}\n", "x: abc\n"), "type");
        Assert.Equal("expected float, found string 'abc'", error.Message);
    }

    [Theory]
    [InlineData("string", "min_length: 3", "ab", "must have at least 3 characters, but has 2")]
    [InlineData("string", "max_length: 2", "abc", "must have at most 2 characters, but has 3")]
    [InlineData("list", "min_length: 2", "[1]", "must have at least 2 items, but has 1")]
    [InlineData("list", "max_length: 1", "[1, 2]", "must have at most 1 item, but has 2")]
    [InlineData("map", "min_length: 2", "{a: 1}", "must have at least 2 keys, but has 1")]
    public void Lengths_are_checked(string type, string bound, string value, string message)
    {
        var extra = type == "map" ? ", additional_keys: true" : string.Empty;
        var result = Check($"keys:\n  x: {{type: {type}, {bound}{extra}}}\n", $"x: {value}\n");
        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Pattern_is_a_search_with_anchors_when_written()
    {
        const string schema = "keys:\n  id: {type: string, pattern: '^[a-z]+$'}\n  loose: {pattern: 'b'}\n";
        Assert.True(Check(schema, "id: abc\nloose: abc\n").IsValid);
        var result = Check(schema, "id: Abc\nloose: xyz\n");
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("'Abc' does not match the pattern '^[a-z]+$'", result.Errors[0].Message);
        Assert.Equal("'xyz' does not match the pattern 'b'", result.Errors[1].Message);
    }

    [Fact]
    public void Pattern_that_runs_too_long_is_an_error_not_a_hang()
    {
        var schema = new ValidationSchemaBuilder()
            .Key("x", k => k.String().Matches("^(a+)+$"))
            .RegexTimeout(TimeSpan.FromMilliseconds(1))
            .Build();
        var result = Check(schema, $"x: {new string('a', 40)}!\n");
        var error = Single(result, "pattern");
        Assert.Contains("took longer than the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_values_compare_numbers_by_value()
    {
        const string schema = "keys:\n  level: {type: string, allowed: [DEBUG, INFO]}\n  ratio: {type: float, allowed: [0.5, 1]}\n";
        Assert.True(Check(schema, "level: INFO\nratio: 1.0\n").IsValid);
        var result = Check(schema, "level: TRACE\nratio: 0.25\n");
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("must be one of 'DEBUG', 'INFO', but is 'TRACE'", result.Errors[0].Message);
    }

    [Fact]
    public void Dependencies_require_other_keys_when_set()
    {
        const string schema = """
            keys:
              redis.password: {type: string, nullable: true, requires: [redis.host, redis.port]}
              redis.host: string
              redis.port: int
            """;
        var result = Check(schema, "redis:\n  password: x\n  host: h\n");
        var error = Single(result, "requires");
        Assert.Equal("redis.password", error.Path);
        Assert.Equal("is set, so 'redis.port' must be set too", error.Message);
        Assert.Equal(2, error.Origin!.Line);
        Assert.True(Check(schema, "redis:\n  password: null\n").IsValid);
        Assert.True(Check(schema, "redis:\n  host: h\n").IsValid);
    }

    [Fact]
    public void Dependencies_bind_wildcards_to_the_matched_item()
    {
        const string schema = """
            keys:
              phases[*].reward: {type: float, requires: ['phases[*].steps']}
              phases[*].steps: int
            """;
        var result = Check(schema, "phases:\n  - reward: 1.0\n    steps: 3\n  - reward: 2.0\n");
        var error = Single(result, "requires");
        Assert.Equal("phases[1].reward", error.Path);
        Assert.Contains("'phases[1].steps'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_are_warnings_by_default_errors_when_strict()
    {
        const string schema = "keys:\n  redis.host: string\n  redis.port: int\n";
        const string config = "redis:\n  host: h\n  prot: 1\nextra: true\n";
        var result = Check(schema, config);
        Assert.True(result.IsValid);
        Assert.Equal(2, result.Warnings.Count);
        var typo = result.Warnings.Single(w => w.Path == "redis.prot");
        Assert.Contains("did you mean 'port'?", typo.Message, StringComparison.Ordinal);
        Assert.Equal(3, typo.Origin!.Line);

        var strict = Check(schema, config, new ConfigurationValidatorOptions { Strict = true });
        Assert.False(strict.IsValid);
        Assert.Equal(2, strict.Errors.Count);

        Assert.Empty(Check("unknown_keys: ignore\n" + schema, config).All);
        Assert.Equal(2, Check("unknown_keys: error\n" + schema, config).Errors.Count);
    }

    [Fact]
    public void Declared_maps_without_children_and_additional_keys_are_open()
    {
        const string schema = """
            keys:
              params: map
              limits: {type: map, additional_keys: true}
              limits.max: int
              closed: {type: map, additional_keys: false}
              closed.a: int
            """;
        var result = Check(schema, "params: {anything: 1}\nlimits: {max: 1, other: 2}\nclosed: {a: 1, b: 2}\n");
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("closed.b", warning.Path);
    }

    [Fact]
    public void Wildcard_keys_declare_every_key_of_a_map()
    {
        const string schema = "keys:\n  ratios.*: {type: float, min: 0, max: 1}\n";
        var result = Check(schema, "ratios:\n  a: 0.5\n  b: 1.5\n  c: x\n");
        Assert.Empty(result.Warnings);
        Assert.Equal(["ratios.b", "ratios.c"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void A_scalar_where_the_schema_declares_keys_is_reported()
    {
        var error = Single(Check("keys:\n  environment.width: int\n", "environment: 5\n"), "structure");
        Assert.Equal("environment", error.Path);
        Assert.Contains("expected a map", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deprecated_keys_warn()
    {
        var result = Check("keys:\n  old_key: {type: int, deprecated: use new_key}\n", "old_key: 1\n");
        Assert.True(result.IsValid);
        Assert.Equal("is deprecated: use new_key", Single(result, "deprecated").Message);
    }

    [Fact]
    public void Severity_warning_makes_a_rule_advisory()
    {
        var result = Check("keys:\n  x: {type: int, max: 10, severity: warning}\n", "x: 11\n");
        Assert.True(result.IsValid);
        Assert.Equal(ErrorSeverity.Warning, Single(result, "max").Severity);
    }

    [Fact]
    public void Custom_delegates_run_and_their_exceptions_become_errors()
    {
        var schema = new ValidationSchemaBuilder()
            .Key("port", k => k.Int().Custom(node => ((ConfigScalar)node).IntValue % 2 == 0 ? null : "must be even"))
            .Key("host", k => k.String().Custom((node, path, snapshot) => snapshot.Contains("port") ? null : $"{path} needs a port"))
            .Key("boom", k => k.Custom(_ => throw new InvalidOperationException("kaput")))
            .Build();
        var result = Check(schema, "port: 3\nhost: h\nboom: 1\n");
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("must be even", result.Errors[0].Message);
        Assert.Equal("the custom check failed with InvalidOperationException: kaput", result.Errors[1].Message);
        Assert.Equal(3, result.Errors[1].Origin!.Line);
    }

    [Fact]
    public void Named_custom_validators_come_from_the_registry()
    {
        var registry = new CustomValidatorRegistry();
        registry.Register("absolute_path", (node, _, _) => node is ConfigScalar { StringValue: { } s } && s.StartsWith('/') ? null : "must be an absolute path");
        var options = new ConfigurationValidatorOptions { CustomValidators = registry };
        const string schema = "keys:\n  db: {type: string, custom: absolute_path}\n  other: {type: string, custom: [missing_one]}\n";
        var result = Check(schema, "db: relative.db\nother: x\n", options);
        Assert.Equal("must be an absolute path", Single(result, "custom:absolute_path").Message);
        var missing = Single(result, "custom:missing_one");
        Assert.Equal("schema.yaml", missing.Origin!.Source);
        Assert.Contains("no custom validator named 'missing_one' is registered", missing.Message, StringComparison.Ordinal);
        Assert.True(registry.Unregister("absolute_path"));
    }

    [Fact]
    public void Whole_configuration_checks_run_after_the_rules()
    {
        var schema = new ValidationSchemaBuilder()
            .Key("a", k => k.Int())
            .Check(s => s.Get<long>("a") > 5 ? [new ValidationError("a", "too big for this deployment", ErrorSeverity.Warning, null)] : [])
            .Check(_ => throw new FormatException("bad"))
            .Build();
        var result = Check(schema, "a: 6\n");
        Assert.Single(result.Warnings);
        Assert.Contains("a custom check failed with FormatException: bad", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_values_never_appear_in_messages()
    {
        const string schema = "keys:\n  redis.password: {type: string, min_length: 20, pattern: '^x', allowed: [xyz]}\n  api_token: int\n";
        var result = Check(schema, "redis:\n  password: hunter2\napi_token: sesame\n");
        Assert.Equal(4, result.Errors.Count);
        foreach (var error in result.Errors)
        {
            Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("sesame", error.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains(result.Errors, e => e.Message == "expected int, found string ***");
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        const string schema = "keys:\n  a: int\n  b: {type: int, min: 0}\n  c: {type: string, required: true}\n";
        var result = Check(schema, "a: x\nb: -1\n");
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(["min", "required", "type"], result.Errors.Select(e => e.Rule!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validation_error_converts_to_the_core_error()
    {
        var error = new ValidationError("a.b", "is wrong", ErrorSeverity.Warning, new Origin("base.yaml", 3, 5, LayerKind.Global)) { Rule = "x" };
        var core = error.ToConfigurationError();
        Assert.Equal(new ConfigurationError("base.yaml", 3, 5, "a.b", "is wrong", ErrorSeverity.Warning), core);
        Assert.Equal("base.yaml:3:5: warning: a.b: is wrong", error.ToString());
        Assert.Equal(LayerKind.Global, error.Layer);
    }
}
