using Strata.Model;
using Strata.Validation;
using static Strata.Tests.Validation.ValidationKit;

namespace Strata.Tests.Validation;

public sealed class ConstraintRuleTests
{
    private const string Learning = """
        keys:
          learning.epsilon_start: {type: float, min: 0, max: 1}
          learning.epsilon_min: {type: float, min: 0, max: 1}
          learning.learning_rate: float
        rules:
          - name: epsilon_order
            check: learning.epsilon_min <= learning.epsilon_start
            message: epsilon_min must not exceed epsilon_start
        """;

    [Fact]
    public void Cross_field_rule_reports_at_the_first_key_with_the_values_seen()
    {
        var result = Check(Learning, "learning:\n  epsilon_start: 0.1\n  epsilon_min: 0.5\n");
        var error = Single(result, "rule:epsilon_order");
        AssertAt(error, "base.yaml", 3, "learning.epsilon_min");
        Assert.Equal(
            "epsilon_min must not exceed epsilon_start (learning.epsilon_min = 0.5 at base.yaml:3:16; learning.epsilon_start = 0.1 at base.yaml:2:18)",
            error.Message);
    }

    [Fact]
    public void Equal_values_pass_and_missing_values_skip_the_rule()
    {
        Assert.True(Check(Learning, "learning:\n  epsilon_start: 0.0\n  epsilon_min: 0.0\n").IsValid);
        Assert.True(Check(Learning, "learning:\n  epsilon_min: 0.5\n").IsValid);
    }

    [Fact]
    public void A_rule_over_a_value_of_the_wrong_type_does_not_pile_on()
    {
        var result = Check(Learning, "learning:\n  epsilon_start: high\n  epsilon_min: 0.5\n");
        Assert.Equal("type", Assert.Single(result.Errors).Rule);
    }

    [Fact]
    public void Sum_of_wildcard_values_within_a_tolerance()
    {
        const string schema = """
            keys:
              population.agent_ratios.*: {type: float, min: 0, max: 1}
            rules:
              - name: ratios
                check: approx(sum(population.agent_ratios.*), 1.0, 0.001)
                message: the agent ratios must add up to 1.0
            """;
        Assert.True(Check(schema, "population:\n  agent_ratios: {a: 0.3333, b: 0.3333, c: 0.3334}\n").IsValid);
        var error = Single(Check(schema, "population:\n  agent_ratios:\n    a: 0.5\n    b: 0.4\n"), "rule:ratios");
        AssertAt(error, "base.yaml", 3, "population.agent_ratios");
        Assert.Equal("the agent ratios must add up to 1.0 (sum(population.agent_ratios.*) = 0.9)", error.Message);
    }

    [Fact]
    public void List_items_are_checked_one_by_one()
    {
        const string schema = """
            keys:
              curriculum_phases[*].steps: int
              curriculum_phases[*].name: string
            rules:
              - check: curriculum_phases[*].steps > 0 or curriculum_phases[*].steps == -1
                message: steps must be positive, or -1 for unlimited
            """;
        const string config = """
            curriculum_phases:
              - {name: a, steps: 100}
              - {name: b, steps: 0}
              - {name: c, steps: -1}
              - {name: d, steps: -5}
            """;
        var result = Check(schema, config);
        Assert.Equal(["curriculum_phases[1].steps", "curriculum_phases[3].steps"], result.Errors.Select(e => e.Path));
        Assert.Equal([3, 5], result.Errors.Select(e => e.Origin!.Line));
        Assert.Equal("rule", result.Errors[0].Rule);
    }

    [Fact]
    public void For_each_binds_the_wildcard_and_aggregates_range_within_it()
    {
        const string schema = """
            keys:
              teams[*].name: string
              teams[*].members[*].share: float
            rules:
              - name: shares
                for_each: teams[*]
                check: approx(sum(teams[*].members[*].share), 1)
                at: teams[*].name
            """;
        const string config = """
            teams:
              - name: red
                members: [{share: 0.5}, {share: 0.5}]
              - name: blue
                members: [{share: 0.5}, {share: 0.25}]
            """;
        var error = Single(Check(schema, config), "rule:shares");
        AssertAt(error, "base.yaml", 4, "teams[1].name");
        Assert.Contains("sum(teams[1].members[*].share) = 0.75", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_limits_a_rule_to_some_configurations()
    {
        const string schema = """
            keys:
              learning.learning_rate: float
              learning.epsilon_start: float
            rules:
              - check: learning.epsilon_start > 0
                when: learning.learning_rate > 0
                severity: warning
            """;
        Assert.Empty(Check(schema, "learning: {learning_rate: 0.0, epsilon_start: 0.0}\n").All);
        var warning = Assert.Single(Check(schema, "learning: {learning_rate: 0.1, epsilon_start: 0.0}\n").Warnings);
        Assert.Equal("'learning.epsilon_start > 0' does not hold (learning.epsilon_start = 0.0 at base.yaml:1:47)", warning.Message);
    }

    [Fact]
    public void Exists_count_min_max_avg_len_abs_and_matches()
    {
        const string schema = """
            keys:
              items: list
              items[*]: int
              name: string
              redis.password: string
              redis.host: string
            rules:
              - check: count(items) == 3 and min(items) == 1 and max(items) == 5 and avg(items) == 3
              - check: len(name) <= 4 and abs(0 - len(items)) == 3
              - check: matches(name, '^[a-z]+$')
              - check: not exists(redis.password) or exists(redis.host)
              - check: max(1, 2, items[*]) >= 5 && !(1 > 2) || false
            """;
        Assert.True(Check(schema, "items: [1, 3, 5]\nname: abc\n").IsValid);
        var result = Check(schema, "items: [1, 3, 5]\nname: Abcde\nredis: {password: x}\n");
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void Evaluation_problems_are_errors_not_crashes()
    {
        const string schema = """
            keys:
              a: any
              b: any
            rules:
              - name: compare
                check: a < b
              - name: divide
                check: 1 / (a - a) > 0
            """;
        var result = Check(schema, "a: 1\nb: text\n");
        Assert.Contains("cannot compare a number (1) with a text ('text')", Single(result, "rule:compare").Message, StringComparison.Ordinal);
        Assert.Contains("division by zero", Single(result, "rule:divide").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_operands_are_masked()
    {
        const string schema = "keys:\n  db.password: any\nrules:\n  - check: len(db.password) > 100 or db.password == 'x'\n";
        var error = Assert.Single(Check(schema, "db:\n  password: hunter2\n").Errors);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("db.password = ***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_built_in_code()
    {
        var schema = new ValidationSchemaBuilder()
            .Key("a", k => k.Int())
            .Key("b", k => k.Int())
            .Rule("a + b == 10", message: "a and b must add up to 10", name: "ten", at: "b", severity: ErrorSeverity.Warning)
            .Build();
        var warning = Single(Check(schema, "a: 3\nb: 4\n"), "rule:ten");
        Assert.Equal("b", warning.Path);
        Assert.Equal(ErrorSeverity.Warning, warning.Severity);
        Assert.Equal("a and b must add up to 10 (a = 3 at base.yaml:1:4; b = 4 at base.yaml:2:4)", warning.Message);
    }
}
