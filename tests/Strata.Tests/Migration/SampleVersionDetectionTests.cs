using Strata.Migration;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Migration;

/// <summary>
/// The detection rules of samples/config/migrations: a file of every sample version, with its version key removed,
/// is recognised; the layer files of the sample configuration are never taken for an older version.
/// </summary>
public sealed class SampleVersionDetectionTests
{
    private static readonly string Scripts = Path.Combine(TestPaths.SampleConfig, "migrations");
    private static readonly string LegacyDir = Path.Combine(TestPaths.RepositoryRoot, "samples", "legacy");
    private static readonly ConfigurationMigrator Migrator = ConfigurationMigrator.Load(Scripts, displayDirectory: "migrations");

    public static TheoryData<string> Versions => [.. Migrator.GetAvailableVersions()];

    private static ConfigMap Read(string path, LayerKind layer = LayerKind.Global) =>
        ConfigFileParser.Parse(File.ReadAllBytes(path), Path.GetFileName(path), layer);

    private static ConfigMap Unversioned(ConfigMap config) =>
        config.Remove(ConfigurationVersionDetector.VersionKey).Remove(ConfigurationVersionDetector.LegacyVersionKey);

    // The legacy 1.0 base, migrated by the sample scripts to the version asked for.
    private static ConfigMap SampleAt(string version)
    {
        var legacy = Read(Path.Combine(LegacyDir, "base.yaml"));
        var report = Migrator.Migrate(legacy, version, fromVersion: "1.0");
        Assert.True(report.Succeeded, string.Join("\n", report.Errors));
        return report.Result;
    }

    [Fact]
    public void Every_sample_version_has_a_detection_rule()
    {
        Assert.Equal(Migrator.GetAvailableVersions(), Migrator.Detector.Rules.Select(r => r.Version).Distinct().Order(Comparer<string>.Create(ConfigurationMigrator.CompareVersions)));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_sample_file_of_each_version_without_its_version_key_is_recognised(string version)
    {
        var file = Unversioned(SampleAt(version));

        var detection = Migrator.Detector.Detect(file);

        Assert.Null(detection.Error);
        Assert.Equal((version, VersionDetectionMethod.Rule), (detection.Version, detection.Method));
        Assert.StartsWith("migrations/v", detection.Rule!.Location, StringComparison.Ordinal);
        Assert.Single(Migrator.Detector.Rules, r => r.Matches(file));
    }

    [Fact]
    public void The_sample_base_and_the_legacy_environment_file_are_recognised_without_their_keys()
    {
        var sampleBase = Migrator.Detector.Detect(Unversioned(Read(Path.Combine(TestPaths.SampleConfig, "base.yaml"))));
        var legacyDevelopment = Migrator.Detector.Detect(Unversioned(Read(Path.Combine(LegacyDir, "environments", "development.yaml"), LayerKind.Environment)));

        Assert.Equal(("2.1", VersionDetectionMethod.Rule), (sampleBase.Version, sampleBase.Method));
        Assert.Equal(("1.0", VersionDetectionMethod.Rule), (legacyDevelopment.Version, legacyDevelopment.Method));
    }

    [Fact]
    public void An_unversioned_file_of_each_version_migrates_to_the_latest_by_detection_alone()
    {
        foreach (var version in Migrator.GetAvailableVersions())
        {
            var report = Migrator.Migrate(Unversioned(SampleAt(version)), "2.1");

            Assert.True(report.Succeeded, string.Join("\n", report.Errors));
            Assert.Equal(version, report.FromVersion);
            Assert.Equal(Unversioned(SampleAt("2.1")).Keys.Order(StringComparer.Ordinal), Unversioned(report.Result).Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_environment_and_agent_files_of_the_sample_are_never_taken_for_an_older_version()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.SampleConfig, "environments")).Select(f => (f, LayerKind.Environment))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.SampleConfig, "agents")).Select(f => (f, LayerKind.Agent)));

        foreach (var (file, layer) in files)
        {
            var detection = Migrator.Detector.Detect(Unversioned(Read(file, layer)));

            Assert.True(detection.Method == VersionDetectionMethod.Undetermined || detection.Version == "2.1", $"{file}: {detection.Version} {detection.Description}");
        }
    }
}
