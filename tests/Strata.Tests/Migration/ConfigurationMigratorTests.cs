using Strata.Migration;
using Strata.Model;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

public sealed class ConfigurationMigratorTests
{
    private static readonly ConfigurationMigrator Chain = new([
        Step("1.0", "1.1", Op(MigrationOperation.Move, "width", "environment.width")),
        Step("1.1", "1.2", Op(MigrationOperation.Add, target: "visualization.padding", value: "20")),
        Step("1.2", "2.0", Op(MigrationOperation.Rename, "db_path", "database_path")),
        Step("2.0", "2.1", Op(MigrationOperation.Delete, "obsolete")),
    ]);

    [Fact]
    public void The_latest_version_comes_from_the_graph_comparing_numbers_as_numbers()
    {
        var migrator = new ConfigurationMigrator([Step("9.0", "10.0"), Step("2.0", "9.0")]);

        Assert.Equal("10.0", migrator.LatestVersion);
        Assert.Equal(["2.0", "9.0", "10.0"], migrator.GetAvailableVersions());
        Assert.Equal("2.1", Chain.LatestVersion);
        Assert.Null(new ConfigurationMigrator([]).LatestVersion);
    }

    [Fact]
    public void The_path_is_the_shortest_one()
    {
        var migrator = new ConfigurationMigrator([Step("1.0", "1.1"), Step("1.1", "1.2"), Step("1.2", "2.0"), Step("1.0", "1.2"), Step("2.0", "1.2")]);

        Assert.Equal(["1.0 -> 1.2", "1.2 -> 2.0"], migrator.FindPath("1.0", "2.0")!.Select(s => $"{s.FromVersion} -> {s.ToVersion}"));
        Assert.Equal(["2.0 -> 1.2"], migrator.FindPath("2.0", "1.2")!.Select(s => $"{s.FromVersion} -> {s.ToVersion}"));
        Assert.Empty(migrator.FindPath("1.1", "1.1")!);
        Assert.Null(migrator.FindPath("2.0", "1.0"));
    }

    [Fact]
    public void ValidateMigrationPath_names_unknown_versions_and_missing_paths()
    {
        Assert.Empty(Chain.ValidateMigrationPath("1.0", "2.1"));
        Assert.Equal(["no migration path from 2.1 to 1.0"], Chain.ValidateMigrationPath("2.1", "1.0"));
        Assert.Equal(["version '3.0' is not one the migration scripts know (known: 1.0, 1.1, 1.2, 2.0, 2.1)"], Chain.ValidateMigrationPath("1.0", "3.0"));
    }

    [Fact]
    public void Self_and_duplicate_steps_are_clear_errors()
    {
        var self = Assert.Throws<ConfigurationLoadException>(() => new ConfigurationMigrator([Step("1.0", "1.0")]));
        var twice = Assert.Throws<ConfigurationLoadException>(() => new ConfigurationMigrator([Step("1.0", "1.1"), Step("1.0", "1.1")]));
        var invalid = Assert.Throws<ConfigurationLoadException>(() => new ConfigurationMigrator([Step("1.0", "1.1", Op(MigrationOperation.Add, target: "a"))]));

        Assert.Contains("from_version and to_version are both '1.0'", self.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate migration 1.0 -> 1.1", twice.Message, StringComparison.Ordinal);
        Assert.Contains("transformations[0]: add needs value", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_applies_each_step_in_order_stamps_the_version_and_keeps_origins()
    {
        var config = Yaml("config_version: \"1.0\"\nwidth: 80\ndb_path: sim.db\nobsolete: true\n");

        var report = Chain.Migrate(config);

        Assert.True(report.Succeeded);
        Assert.Equal(("1.0", "2.1"), (report.FromVersion, report.ToVersion));
        Assert.Equal(["1.0 -> 1.1: step 1.0 to 1.1", "1.1 -> 1.2: step 1.1 to 1.2", "1.2 -> 2.0: step 1.2 to 2.0", "2.0 -> 2.1: step 2.0 to 2.1"], report.Applied);
        Assert.Equal("2.1", Get(report.Result, "config_version"));
        Assert.Equal(["config_version", "database_path", "environment", "visualization"], report.Result.Keys.Order());
        Assert.True(ConfigTree.TryGet(report.Result, P("environment.width"), out var width));
        Assert.Equal(new Origin("base.yaml", 2, 8, LayerKind.Global), width.Origin);
        Assert.True(ConfigTree.TryGet(report.Result, P("config_version"), out var version));
        Assert.Equal(1, version.Origin.Line);
        Assert.Equal(4, report.Operations.Count());
        Assert.All(report.Operations, o => Assert.Equal(OperationStatus.Applied, o.Status));
    }

    [Fact]
    public void A_partial_migration_goes_only_as_far_as_asked()
    {
        var report = Chain.Migrate(Yaml("config_version: \"1.0\"\nwidth: 80\n"), "1.2");

        Assert.Equal("1.2", report.ToVersion);
        Assert.Equal("1.2", Get(report.Result, "config_version"));
        Assert.Equal(2, report.Steps.Count);
    }

    [Fact]
    public void A_configuration_already_at_the_target_is_left_as_it_is()
    {
        var config = Yaml("config_version: \"2.1\"\nwidth: 80\n");

        var report = Chain.Migrate(config);

        Assert.True(report.Succeeded);
        Assert.False(report.Migrated);
        Assert.Same(config, report.Result);
    }

    [Fact]
    public void The_legacy_version_key_is_read_and_updated_in_place()
    {
        var report = Chain.Migrate(Yaml("version: 1.2\ndb_path: x\n"));

        Assert.Equal("1.2", report.FromVersion);
        Assert.Equal("2.1", Get(report.Result, "version"));
        Assert.False(Has(report.Result, "config_version"));
    }

    [Fact]
    public void A_version_found_by_a_rule_is_stamped_as_the_first_key()
    {
        var migrator = new ConfigurationMigrator([Step("1.0", "1.1") with { Detection = new VersionDetectionRule("1.0", [P("width")], []) }]);

        var report = migrator.Migrate(Yaml("name: x\nwidth: 80\n"));

        Assert.Equal(VersionDetectionMethod.Rule, report.Detection.Method);
        Assert.Equal(["config_version", "name", "width"], report.Result.Keys);
        Assert.Equal("1.1", Get(report.Result, "config_version"));
    }

    [Fact]
    public void An_unversioned_configuration_is_taken_to_be_current_and_never_migrated_by_surprise()
    {
        var config = Yaml("width: 80\n", "environments/dev.yaml", LayerKind.Environment);

        var report = Chain.Migrate(config, layer: LayerKind.Environment);

        Assert.True(report.Succeeded);
        Assert.False(report.Migrated);
        Assert.Equal("2.1", report.FromVersion);
        Assert.Equal(VersionDetectionMethod.Undetermined, report.Detection.Method);
        Assert.Contains("taken to be at the latest version, 2.1", report.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_versions_and_missing_paths_are_errors_at_the_version_key()
    {
        var unknown = Chain.Migrate(Yaml("a: 1\nconfig_version: \"3.0\"\n"));
        var downgrade = Chain.Migrate(Yaml("config_version: \"2.1\"\n"), "1.0");
        var target = Chain.Migrate(Yaml("config_version: \"1.0\"\n"), "9.9");

        Assert.Equal("base.yaml:2:17: config_version: config_version: version '3.0' is not one the migration scripts know (known: 1.0, 1.1, 1.2, 2.0, 2.1); is the file newer than the migration scripts?", Assert.Single(unknown.Errors).ToString());
        Assert.Equal("base.yaml:1:17: config_version: no migration path from 2.1 to 1.0", Assert.Single(downgrade.Errors).ToString());
        Assert.Equal("base.yaml: target version '9.9' is not one the migration scripts know (known: 1.0, 1.1, 1.2, 2.0, 2.1)", Assert.Single(target.Errors).ToString());
    }

    [Fact]
    public void A_failed_step_leaves_the_configuration_untouched_and_reports_every_operation()
    {
        var migrator = new ConfigurationMigrator([
            Step("1.0", "1.1", Op(MigrationOperation.Move, "a", "b")),
            Step("1.1", "1.2",
                Op(MigrationOperation.Rename, "b", "c"),
                Op(MigrationOperation.Delete, "must_exist") with { Required = true, Origin = new Origin("migrations/v1.1.yaml", 7, 5, LayerKind.Global) },
                Op(MigrationOperation.Delete, "x")),
        ]);
        var config = Yaml("config_version: \"1.0\"\na: 1\n");

        var report = migrator.Migrate(config);

        Assert.False(report.Succeeded);
        Assert.Same(config, report.Result);
        Assert.Equal("base.yaml:1:17: must_exist: migration 1.1 -> 1.2, delete must_exist (migrations/v1.1.yaml:7:5): required source key 'must_exist' not found", Assert.Single(report.Errors).ToString());
        Assert.Equal(
            ["applied", "applied", "failed", "skipped"],
            report.Operations.Select(o => o.Status.ToString().ToLowerInvariant()));
        Assert.Equal("not run: an earlier transformation failed", report.Operations.Last().Reason);
    }

    [Fact]
    public void As_the_pipeline_stage_it_migrates_a_layer_to_the_latest_version()
    {
        IConfigLayerMigrator stage = Chain;
        var layer = Yaml("config_version: \"2.0\"\nobsolete: 1\nkeep: 2\n", "environments/dev.yaml", LayerKind.Environment);

        var result = stage.Migrate(layer, "environments/dev.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(("2.0", "2.1"), (result.FromVersion, result.ToVersion));
        Assert.Equal(["2.0 -> 2.1: step 2.0 to 2.1"], result.Applied);
        Assert.False(Has(result.Layer, "obsolete"));
    }

    [Fact]
    public void Versions_compare_part_by_part()
    {
        Assert.True(ConfigurationMigrator.CompareVersions("1.10", "1.9") > 0);
        Assert.True(ConfigurationMigrator.CompareVersions("2.0", "10.0") < 0);
        Assert.True(ConfigurationMigrator.CompareVersions("2.0", "2.0.1") < 0);
        Assert.Equal(0, ConfigurationMigrator.CompareVersions("2.1", "2.1"));
    }
}
