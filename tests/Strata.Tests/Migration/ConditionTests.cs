using Strata.Migration;
using Strata.Model;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

public sealed class ConditionTests
{
    private static readonly ConfigMap Config = Yaml("""
        database: {type: sqlite, pool: 4, ratio: 1.0}
        legacy: null
        redis: {password: hunter2}
        """);

    private static MigrationCondition Expect(params (string Path, string Yaml)[] pairs) =>
        new([.. pairs.Select(p => new KeyValuePair<ConfigPath, ConfigNode>(P(p.Path), Value(p.Yaml)))], [], []);

    [Fact]
    public void All_expected_values_must_match()
    {
        Assert.True(Expect(("database.type", "sqlite"), ("database.pool", "4")).IsMet(Config, out _));
        Assert.False(Expect(("database.type", "sqlite"), ("database.pool", "5")).IsMet(Config, out var reason));
        Assert.Equal("condition not met: 'database.pool' is 4, expected 5", reason);
    }

    [Fact]
    public void Numbers_compare_by_value_and_other_types_must_match()
    {
        Assert.True(Expect(("database.pool", "4.0")).IsMet(Config, out _));
        Assert.True(Expect(("database.ratio", "1")).IsMet(Config, out _));
        Assert.False(Expect(("database.pool", "\"4\"")).IsMet(Config, out var reason));
        Assert.Equal("condition not met: 'database.pool' is 4, expected '4'", reason);
    }

    [Fact]
    public void A_condition_on_a_missing_key_is_not_met_even_when_null_is_expected()
    {
        Assert.False(Expect(("database.host", "localhost")).IsMet(Config, out var reason));
        Assert.Equal("condition not met: 'database.host' is absent (expected 'localhost')", reason);
        Assert.False(Expect(("nothing", "null")).IsMet(Config, out _));
        Assert.True(Expect(("legacy", "null")).IsMet(Config, out _));
    }

    [Fact]
    public void Exists_and_absent_test_presence_whatever_the_value()
    {
        var exists = new MigrationCondition([], [P("legacy"), P("database.type")], []);
        var absent = new MigrationCondition([], [], [P("visualization"), P("database.host")]);
        var absentButPresent = new MigrationCondition([], [], [P("legacy")]);

        Assert.True(exists.IsMet(Config, out _));
        Assert.True(absent.IsMet(Config, out _));
        Assert.False(absentButPresent.IsMet(Config, out var reason));
        Assert.Equal("condition not met: 'legacy' is present ($absent)", reason);
        Assert.False(new MigrationCondition([], [P("nope")], []).IsMet(Config, out reason));
        Assert.Equal("condition not met: 'nope' is absent ($exists)", reason);
    }

    [Fact]
    public void Secret_values_never_appear_in_reasons()
    {
        Assert.False(Expect(("redis.password", "other")).IsMet(Config, out var reason));
        Assert.DoesNotContain("hunter2", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("other", reason, StringComparison.Ordinal);
        Assert.Contains("***", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transformation_whose_condition_fails_is_skipped_with_the_reason()
    {
        var t = Op(MigrationOperation.Modify, "database.type", value: "postgres") with { Condition = Expect(("database.type", "mysql")) };

        var result = t.Apply(Config);

        Assert.Equal(OperationStatus.Skipped, result.Status);
        Assert.Equal("condition not met: 'database.type' is 'sqlite', expected 'mysql'", result.Reason);
        Assert.Same(Config, result.Config);
    }

    [Fact]
    public void Conditions_are_read_from_scripts_with_the_reserved_keys()
    {
        var script = Script("""
            from_version: "1.0"
            to_version: "1.1"
            transformations:
              - operation: add
                target_path: cache.size
                value: 10
                condition:
                  database.type: sqlite
                  $exists: database.pool
                  $absent: [cache, legacy_cache]
            """);

        var condition = script.Transformations[0].Condition!;

        Assert.Equal("database.type", condition.Expected.Single().Key.Text);
        Assert.Equal(["database.pool"], condition.Exists.Select(p => p.Text));
        Assert.Equal(["cache", "legacy_cache"], condition.Absent.Select(p => p.Text));
        Assert.True(condition.IsMet(Config, out _));
    }
}
