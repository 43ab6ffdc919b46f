using Strata.Migration;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

/// <summary><c>detect_target</c>: a script's rule for unversioned files already at its <c>to_version</c>.</summary>
public sealed class TargetDetectionScriptTests
{
    [Fact]
    public void A_target_rule_identifies_the_to_version_and_joins_the_migrator_rules()
    {
        var script = Script("""
            from_version: "2.0"
            to_version: "2.1"
            detect:
              present: [redis]
              absent: [phases]
            detect_target:
              present: [redis, phases]
            """);
        var migrator = new ConfigurationMigrator([script]);

        Assert.Equal("2.1", script.TargetDetection!.Version);
        Assert.Equal("migrations/test.yaml:7:3", script.TargetDetection.Location);
        Assert.Equal(["2.0", "2.1"], migrator.Detector.Rules.Select(r => r.Version));
        Assert.Equal("2.1", migrator.Detector.Detect(Yaml("redis: {}\nphases: []")).Version);
        Assert.False(migrator.Migrate(Yaml("redis: {}\nphases: []")).Migrated);
    }

    [Fact]
    public void A_target_rule_needs_a_present_key_and_must_be_a_map()
    {
        var noPresent = Assert.Single(ScriptErrors("from_version: \"1.0\"\nto_version: \"1.1\"\ndetect_target:\n  absent: [a]\n"));
        var notAMap = Assert.Single(ScriptErrors("from_version: \"1.0\"\nto_version: \"1.1\"\ndetect_target: [a]\n"));
        var unknown = Assert.Single(ScriptErrors("from_version: \"1.0\"\nto_version: \"1.1\"\ndetect_target:\n  present: [a]\n  missing: [b]\n"));

        Assert.Equal("migrations/bad.yaml:4:3: detect_target.present: a detection rule needs at least one key in present, so that it cannot match an unrelated file", noPresent.ToString());
        Assert.Equal("migrations/bad.yaml:3:16: detect_target: must be a map with present and absent lists, not a list", notAMap.ToString());
        Assert.StartsWith("migrations/bad.yaml:5:12: detect_target.missing: unknown key 'missing' in detect_target", unknown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_both_present_and_absent_is_an_error()
    {
        var error = Assert.Single(ScriptErrors("from_version: \"1.0\"\nto_version: \"1.1\"\ndetect:\n  present: [a, b]\n  absent: [b]\n"));

        Assert.Equal("migrations/bad.yaml:4:3: detect: 'b' is both present and absent, so the rule can never match", error.ToString());
    }

    [Fact]
    public void A_rule_explains_why_it_does_not_match()
    {
        var rule = new VersionDetectionRule("1.1", [P("population"), P("learning")], [P("display"), P("redis")]);

        Assert.Null(rule.Mismatch(Yaml("population: 1\nlearning: 2")));
        Assert.Equal("lacks learning; has display", rule.Mismatch(Yaml("population: 1\ndisplay: 2")));
        Assert.Equal("the rule lists no present path", new VersionDetectionRule("1.0", [], []).Mismatch(Yaml("a: 1")));
    }
}
