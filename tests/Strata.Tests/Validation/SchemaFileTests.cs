using CsCheck;
using Strata.Model;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

/// <summary>Bad schema inputs: each a clear error at the schema's file and line, never a crash.</summary>
public sealed class SchemaFileTests
{
    [Fact]
    public void Malformed_yaml_names_file_and_line()
    {
        var error = Assert.Single(SchemaErrors("keys:\n  a: int\n  b: [unclosed\n"));
        Assert.Equal("schema.yaml", error.File);
        Assert.True(error.Line >= 3, error.ToString());
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_names_file_and_line()
    {
        var error = Assert.Single(SchemaErrors("{\n  \"keys\": {\n    \"a\" \"int\"\n  }\n}\n", "schema.json"));
        Assert.Equal("schema.json", error.File);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void Invalid_regex_is_reported_at_its_line()
    {
        var error = Assert.Single(SchemaErrors("keys:\n  a: int\n  id:\n    type: string\n    pattern: '([a-z'\n"));
        AssertAt(error, "schema.yaml", 5);
        Assert.Equal("id", error.Path);
        Assert.Contains("'([a-z' is not a valid regular expression", error.Message, StringComparison.Ordinal);
        Assert.Contains("unterminated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_type_name_suggests_the_right_one()
    {
        var errors = SchemaErrors("keys:\n  a: integr\n  b: {type: [int, strng]}\n");
        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], "schema.yaml", 2);
        Assert.Equal("unknown type 'integr' (did you mean 'int'?); the types are any, string, int, float, bool, list, map", errors[0].Message);
        AssertAt(errors[1], "schema.yaml", 3);
        Assert.Contains("'strng' (did you mean 'string'?)", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_over_a_key_that_does_not_exist()
    {
        const string schema = """
            keys:
              learning.epsilon_min: float
              learning.epsilon_start: float
            rules:
              - name: epsilon_order
                check: learning.epsilon_mn <= learning.epsilon_start
            """;
        var error = Assert.Single(SchemaErrors(schema));
        AssertAt(error, "schema.yaml", 6);
        Assert.Equal(12, error.Column);
        Assert.Equal("rules[0]", error.Path);
        Assert.Contains("uses 'learning.epsilon_mn', which the schema does not declare (did you mean 'learning.epsilon_min'?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{type: int, min: 10, max: 1}", "min (10) is greater than max (1): no value can pass")]
    [InlineData("{type: float, exclusive_min: 1, max: 1}", "exclusive_min (1) equals max (1): no value can pass")]
    [InlineData("{type: string, min_length: 5, max_length: 2}", "min_length (5) is greater than max_length (2): no value can pass")]
    [InlineData("{type: string, min: 1}", "min and max bound numbers, but the type is string")]
    [InlineData("{type: int, min_length: 1}", "min_length and max_length measure texts, lists and maps, but the type is int")]
    [InlineData("{type: int, pattern: x}", "pattern applies to text, but the type is int")]
    [InlineData("{type: int, allowed: [1, two]}", "allowed value string 'two' is not an int")]
    [InlineData("{type: int, allowed: []}", "allowed is empty")]
    [InlineData("{type: string, min_length: -1}", "min_length must be 0 or more")]
    [InlineData("{type: int, additional_keys: true}", "additional_keys applies to maps")]
    [InlineData("{type: int, mni: 1}", "unknown field 'mni' in the rule for a (did you mean 'min'?)")]
    [InlineData("{type: int, min: ten}", "min must be a number, not string 'ten'")]
    [InlineData("{type: int, required: yes please}", "required must be true or false")]
    [InlineData("{type: int, severity: fatal}", "severity must be error or warning")]
    [InlineData("{type: int, requires: [b]}", "requires 'b', which the schema does not declare")]
    [InlineData("[1, 2]", "a key rule must be a type name (such as int) or a map of checks")]
    [InlineData("{type: []}", "type is an empty list")]
    public void Self_contradicting_or_malformed_key_rules(string rule, string message)
    {
        var error = Assert.Single(SchemaErrors($"keys:\n  a: {rule}\n"));
        AssertAt(error, "schema.yaml", 2);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_needs_a_named_key_at_the_end()
    {
        var error = Assert.Single(SchemaErrors("keys:\n  map.*: {type: int, required: true}\n"));
        Assert.Contains("required needs a named key or index at the end", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check: a <", "ends too early", 15)]
    [InlineData("check: 'a = 1'", "compare with '=='", 15)]
    [InlineData("check: summ(list) > 1", "unknown function 'summ' (did you mean 'sum'?)", 12)]
    [InlineData("check: approx(a)", "approx() takes 2 to 3 arguments, not 1", 12)]
    [InlineData("check: a + 1", "check gives a number, not true or false", 14)]
    [InlineData("check: exists(1)", "exists() takes a key path", 19)]
    [InlineData("check: matches(name, '([')", "is not a valid regular expression", 26)]
    [InlineData("check: list[*] > 0 and other[*] > 0", "the rule already iterates over 'list[*]'", 28)]
    public void Malformed_rules_point_at_the_column_in_the_expression(string rule, string message, int column)
    {
        const string keys = "keys:\n  a: int\n  name: string\n  list[*]: int\n  other[*]: int\n";
        var error = Assert.Single(SchemaErrors(keys + "rules:\n  - " + rule + "\n"));
        AssertAt(error, "schema.yaml", 7);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  - {check: a > 0, for_each: a}", "for_each: 'a' has no wildcard")]
    [InlineData("  - {check: 'list[*] > 0', for_each: 'other[*]'}", "for_each is 'other[*]'")]
    [InlineData("  - {check: a > 0, at: 'list[*]'}", "at: 'list[*]' has a wildcard the rule does not iterate over")]
    [InlineData("  - {check: a > 0, at: b}", "at: 'b' is not declared in the schema")]
    [InlineData("  - {message: no check}", "the rule has no check")]
    [InlineData("  - {check: a > 0, chek: 1}", "unknown field 'chek' in a rule (did you mean 'check'?)")]
    [InlineData("  - 5", "a rule must be a map with a check")]
    public void Malformed_rule_fields(string rule, string message)
    {
        const string keys = "keys:\n  a: int\n  list[*]: int\n  other[*]: int\nrules:\n";
        var error = Assert.Single(SchemaErrors(keys + rule + "\n"));
        AssertAt(error, "schema.yaml", 6);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("properties: {}", "add '$schema: https://json-schema.org/draft/2020-12/schema'")]
    [InlineData("kyes: {}", "(did you mean 'keys'?)")]
    [InlineData("keys: [a]", "keys must be a map")]
    [InlineData("rules: {a: 1}", "rules must be a list")]
    [InlineData("unknown_keys: sometimes", "unknown_keys must be warn, error or ignore")]
    [InlineData("regex_timeout: soon", "regex_timeout must be a duration")]
    [InlineData("keys: {'a..b': int}", "invalid key path")]
    public void Malformed_top_level(string line, string message)
    {
        var error = Assert.Single(SchemaErrors(line + "\n"));
        Assert.Equal("schema.yaml", error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mistake_in_a_schema_is_reported_in_one_go()
    {
        const string schema = """
            keys:
              a: {type: int, min: 5, max: 1}
              b: {type: strin}
              c: {type: string, pattern: '(('}
            rules:
              - check: d > 1
            """;
        var errors = SchemaErrors(schema);
        Assert.Equal([2, 3, 4, 6], errors.Select(e => e.Line));
    }

    [Fact]
    public void Schema_built_in_code_reports_every_inconsistency()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => new ValidationSchemaBuilder()
            .Key("a", k => k.Int().Min(5).Max(1))
            .Key("b", k => k.String().Matches("[unclosed"))
            .Rule("c > 1")
            .Build());
        Assert.Equal(3, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Equal(string.Empty, e.File));
        Assert.Throws<FormatException>(() => new ValidationSchemaBuilder().Key("a..b", k => k.Int()));
    }

    [Fact]
    public void Schema_object_model_can_be_created_directly()
    {
        var schema = ValidationSchema.Create(
            [new KeyRule(KeyPattern.Parse("x")) { Types = [ConfigValueType.Int], Required = true, Minimum = 0 }],
            [new ConstraintRule("x < 10") { Name = "small" }],
            unknownKeys: UnknownKeyPolicy.Error);
        var result = new ConfigurationValidator(schema).Validate(Yaml("x: 12\ny: 1\n"));
        Assert.Equal(["rule:small", "unknown_key"], result.Errors.Select(e => e.Rule!).Order(StringComparer.Ordinal));
        Assert.Throws<ConfigurationLoadException>(() => ValidationSchema.Create([], regexTimeout: TimeSpan.Zero));
    }

    [Fact]
    public void Random_schema_fragments_give_errors_never_crashes()
    {
        var field = Gen.OneOf(Gen.Const("type"), Gen.Const("min"), Gen.Const("max"), Gen.Const("pattern"), Gen.Const("allowed"), Gen.Const("requires"),
            Gen.Const("min_length"), Gen.Const("required"), Gen.Const("additional_keys"), Gen.Const("custom"), Gen.Const("bogus"));
        var value = Gen.OneOf(Gen.Const("int"), Gen.Const("1"), Gen.Const("-5"), Gen.Const("'(['"), Gen.Const("[a, 1]"), Gen.Const("true"), Gen.Const("{x: 1}"),
            Gen.Const("map"), Gen.Const("'a[*]'"), Gen.Const("null"), Gen.Const("'a.*'"));
        var key = Gen.OneOf(Gen.Const("a"), Gen.Const("a.b"), Gen.Const("'a[*]'"), Gen.Const("'a.*'"), Gen.Const("'x[0]'"));
        var check = Gen.OneOf(Gen.Const("a > 1"), Gen.Const("sum(a.*) == 1"), Gen.Const("a[*] > 0"), Gen.Const("exists(a.b)"), Gen.Const("'a +'"), Gen.Const("len(a) > count(x)"));
        var rule = Gen.Select(key, Gen.Select(field, value).Array[0, 4]).Select((k, fields) => $"  {k}: {{{string.Join(", ", fields.Select(f => $"{f.Item1}: {f.Item2}"))}}}");
        Gen.Select(rule.Array[1, 4], check.Array[0, 3]).Sample((keys, checks) =>
        {
            var yaml = "keys:\n" + string.Join("\n", keys) + "\nrules:\n" + string.Concat(checks.Select(c => $"  - check: {c}\n"));
            try
            {
                var validator = SchemaFromYaml(yaml);
                validator.Validate(Yaml("a: {b: 1, c: [1, 2]}\nx: [1, {y: 2}]\n"));
                validator.Validate(Yaml("a: [1, 2]\nx: text\n"));
            }
            catch (ConfigurationLoadException ex)
            {
                Assert.All(ex.Errors, e => Assert.Equal("schema.yaml", e.File));
            }
        }, iter: 500);
    }

    [Fact]
    public void Loading_a_missing_schema_file_is_a_clear_error()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => ConfigurationValidator.FromFile(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "schema.yaml")));
        Assert.Contains("cannot read the schema", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }
}
