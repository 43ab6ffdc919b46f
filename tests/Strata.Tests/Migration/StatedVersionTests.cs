using Strata.Migration;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

/// <summary>A version stated by the caller for files that carry none (<c>--from</c>).</summary>
public sealed class StatedVersionTests
{
    private static readonly ConfigurationMigrator Chain = new([
        Step("1.0", "1.1", Op(MigrationOperation.Move, "width", "size.width")),
        Step("1.1", "2.0", Op(MigrationOperation.Add, target: "extra", value: "true")),
    ], new ConfigurationVersionDetector([new VersionDetectionRule("1.1", [P("size")], [P("extra")])]));

    [Fact]
    public void An_unversioned_file_nothing_identifies_is_up_to_date_without_a_stated_version_and_migrates_with_one()
    {
        var config = Yaml("width: 3\nmax_steps: 5");

        var unstated = Chain.Migrate(config, "2.0");
        var stated = Chain.Migrate(config, "2.0", fromVersion: "1.0");

        Assert.False(unstated.Migrated);
        Assert.Equal(VersionDetectionMethod.Undetermined, unstated.Detection.Method);
        Assert.True(stated.Migrated, string.Join("\n", stated.Errors));
        Assert.Equal(("1.0", VersionDetectionMethod.Stated), (stated.FromVersion, stated.Detection.Method));
        Assert.Equal("stated for files without a version key", stated.Detection.Description);
        Assert.Equal(3L, Get(stated.Result, "size.width"));
        Assert.Equal("2.0", Get(stated.Result, "config_version"));
    }

    [Fact]
    public void A_stated_version_takes_the_place_of_a_matching_rule()
    {
        var stated = Chain.Migrate(Yaml("size: {width: 3}\nwidth: 4"), "2.0", fromVersion: "1.0");

        Assert.Equal(("1.0", VersionDetectionMethod.Stated), (stated.FromVersion, stated.Detection.Method));
    }

    [Fact]
    public void The_file_version_key_wins_over_a_stated_version_and_the_report_says_so()
    {
        var report = Chain.Migrate(Yaml("config_version: \"1.1\"\nwidth: 3"), "2.0", fromVersion: "1.0");

        Assert.Equal(("1.1", VersionDetectionMethod.ExplicitKey), (report.FromVersion, report.Detection.Method));
        Assert.Equal(3L, Get(report.Result, "width"));
        Assert.Equal("the file's config_version (1.1) is used, not the stated version 1.0, which applies to files without a version key", report.Note);
    }

    [Fact]
    public void An_unknown_stated_version_fails_the_file_as_having_no_path()
    {
        var report = Chain.Migrate(Yaml("width: 3", "base.yaml"), "2.0", source: "base.yaml", fromVersion: "0.9");

        Assert.False(report.Succeeded);
        Assert.True(report.NoPath);
        Assert.Equal("base.yaml:1:1: stated for files without a version key: version '0.9' is not one the migration scripts know (known: 1.0, 1.1, 2.0)", Assert.Single(report.Errors).ToString());
    }
}
