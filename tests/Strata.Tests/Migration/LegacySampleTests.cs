using Strata.Hierarchy;
using Strata.Migration;
using Strata.Model;
using Strata.Sources;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

/// <summary>The samples: the 1.0 -> 2.1 chain in samples/config/migrations and the legacy directory in samples/legacy.</summary>
public sealed class LegacySampleTests
{
    private static readonly string Scripts = Path.Combine(TestPaths.SampleConfig, "migrations");
    private static readonly string LegacyDir = Path.Combine(TestPaths.RepositoryRoot, "samples", "legacy");

    private static ConfigMap Read(string path, LayerKind layer = LayerKind.Global) =>
        ConfigFileParser.Parse(File.ReadAllBytes(path), Path.GetFileName(path), layer);

    private static IEnumerable<string> Structure(ConfigNode node, string prefix = "")
    {
        if (node is ConfigMap map)
        {
            foreach (var (key, child) in map)
            {
                var path = prefix.Length == 0 ? key : prefix + "." + key;
                yield return path;
                foreach (var inner in Structure(child, path))
                {
                    yield return inner;
                }
            }
        }
    }

    [Fact]
    public void The_sample_chain_goes_from_1_0_to_2_1()
    {
        var migrator = ConfigurationMigrator.Load(Scripts, displayDirectory: "migrations");

        Assert.Equal(["1.0", "1.1", "1.2", "2.0", "2.1"], migrator.GetAvailableVersions());
        Assert.Equal("2.1", migrator.LatestVersion);
        Assert.Equal(["1.0", "1.1", "1.2", "2.0"], migrator.FindPath("1.0", "2.1")!.Select(s => s.FromVersion));
    }

    [Fact]
    public void The_legacy_base_migrates_to_the_key_structure_of_the_sample_base()
    {
        var migrator = ConfigurationMigrator.Load(Scripts);
        var legacy = Read(Path.Combine(LegacyDir, "base.yaml"));

        var report = migrator.Migrate(legacy, "2.1");

        Assert.True(report.Succeeded, string.Join("\n", report.Errors));
        Assert.Equal(("1.0", VersionDetectionMethod.Rule), (report.FromVersion, report.Detection.Method));
        var expected = Structure(Read(Path.Combine(TestPaths.SampleConfig, "base.yaml"))).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Structure(report.Result).Order(StringComparer.Ordinal));
        Assert.Equal("2.1", Get(report.Result, "config_version"));
    }

    [Fact]
    public void The_migrated_legacy_base_satisfies_the_sample_rules()
    {
        var result = ConfigurationMigrator.Load(Scripts).Migrate(Read(Path.Combine(LegacyDir, "base.yaml")), "2.1").Result;

        Assert.IsType<string>(Get(result, "simulation_id"));
        Assert.True((long)Get(result, "max_steps")! > 0);
        Assert.True((long)Get(result, "environment.width")! > 0 && (long)Get(result, "environment.height")! > 0);
        var ratios = new[] { "system_agent", "independent_agent", "control_agent" }.Sum(a => (double)Get(result, "population.agent_ratios." + a)!);
        Assert.Equal(1.0, ratios, 9);
        Assert.True((double)Get(result, "learning.epsilon_min")! <= (double)Get(result, "learning.epsilon_start")!);
        Assert.InRange((double)Get(result, "learning.learning_rate")!, 0.0, 1.0);
        Assert.InRange((double)Get(result, "learning.gamma")!, 0.0, 1.0);
        Assert.True((long)Get(result, "population.max_population")! > 0);
        Assert.Equal("performance", Get(result, "database.pragma_profile"));
        Assert.Equal(40L, Get(result, "visualization.animation_min_delay"));
    }

    [Fact]
    public void The_legacy_directory_loads_with_each_layer_migrated_on_its_own()
    {
        using var dir = TempConfigDir.CopyOf(LegacyDir);
        TempCopyScripts(dir);

        var dev = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions { Environment = "development", EnvironmentVariables = new Dictionary<string, string>() }).TryLoad();
        var testing = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions { Environment = "testing", EnvironmentVariables = new Dictionary<string, string>() }).TryLoad();

        Assert.True(dev.Succeeded, string.Join("\n", dev.Errors));
        Assert.Equal(40, dev.Snapshot!.Get<int>("environment.width"));
        Assert.Equal(30, dev.Snapshot.Get<int>("environment.height"));
        Assert.Equal("grey", dev.Snapshot.Get<string>("visualization.background_color"));
        Assert.Equal(5, dev.Snapshot.Get<int>("visualization.max_animation_frames"));
        Assert.Equal("dev_legacy.db", dev.Snapshot.Get<string>("database.path"));
        Assert.Equal("localhost", dev.Snapshot.Get<string>("redis.host"));
        Assert.Equal("2.1", dev.Snapshot.Get<string>("config_version"));
        Assert.Equal(8, dev.Migrations.Count);
        Assert.True(testing.Succeeded, string.Join("\n", testing.Errors));
        Assert.Equal(20, testing.Snapshot!.Get<int>("max_steps"));
        Assert.Equal(["base.yaml: 1.0 -> 1.1: Agent parameters per agent type", "base.yaml: 1.1 -> 1.2: Visualization settings", "base.yaml: 1.2 -> 2.0: Redis and database settings", "base.yaml: 2.0 -> 2.1: Curriculum learning"], testing.Migrations);
    }

    [Fact]
    public void The_legacy_directory_links_the_sample_scripts_and_loads_as_it_is()
    {
        var result = new EnvironmentConfigManager(LegacyDir, new EnvironmentConfigOptions { Environment = "development", EnvironmentVariables = new Dictionary<string, string>() }).TryLoad();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(40, result.Snapshot!.Get<int>("environment.width"));
        Assert.Equal(0.005, result.Snapshot.Get<double>("learning.learning_rate"));
    }

    [Fact]
    public void The_sample_config_is_already_at_the_latest_version_and_loads_unchanged()
    {
        var result = new EnvironmentConfigManager(TestPaths.SampleConfig, new EnvironmentConfigOptions { Environment = "production", Agent = "system_agent", EnvironmentVariables = new Dictionary<string, string>() }).TryLoad();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Migrations);
    }

    private static void TempCopyScripts(TempConfigDir dir)
    {
        foreach (var file in Directory.GetFiles(Scripts))
        {
            dir.Write("migrations/" + Path.GetFileName(file), File.ReadAllText(file));
        }
    }
}
