using System.Text.Json;

namespace Strata.Cli.Tests;

/// <summary><c>strata migrations detect FILE</c>.</summary>
public sealed class MigrationsDetectTests
{
    [Fact]
    public async Task Detect_names_the_version_and_the_rule_that_matched()
    {
        var (exit, output, error) = await MigrationCli.RunAsync("migrations", "detect", Path.Combine(MigrationCli.LegacyDirectory, "base.yaml"), "--migrations", MigrationCli.SampleScripts);

        Assert.True(exit == 0, error);
        Assert.Contains("base.yaml: version 1.0, detected by the rule at ", output, StringComparison.Ordinal);
        Assert.Contains("v1.0_to_v1.1.yaml:11:3", output, StringComparison.Ordinal);
        Assert.Contains("  present [max_steps, learning_rate], absent [learning, population]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_reads_an_explicit_version_key_first()
    {
        var (exit, output, _) = await MigrationCli.RunAsync("migrations", "detect", Path.Combine(MigrationCli.LegacyDirectory, "environments", "development.yaml"), "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(0, exit);
        Assert.Contains("development.yaml: version 1.0, from its config_version key (line 3)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undetermined_file_lists_every_rule_tried_and_why_it_did_not_match_and_exits_1()
    {
        using var dir = new MigrationScratch();
        var file = dir.Write("environments/prod.yaml", "max_steps: 5\nredis: {host: db}\n");

        var (exit, output, error) = await MigrationCli.RunAsync("migrations", "detect", file, "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(1, exit);
        Assert.Contains("prod.yaml: version undetermined: no config_version key and no detection rule matched", output, StringComparison.Ordinal);
        Assert.Contains("v1.0_to_v1.1.yaml:11:3  lacks learning_rate", output, StringComparison.Ordinal);
        Assert.Contains("v2.0_to_v2.1.yaml:13:3  lacks population, learning, database, curriculum_phases", output, StringComparison.Ordinal);
        Assert.Contains("take it to be at the latest version, 2.1", output, StringComparison.Ordinal);
        Assert.EndsWith("prod.yaml: version undetermined: no config_version key and none of the 5 detection rules matched", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_as_json_gives_the_method_the_rule_and_every_rule_tried()
    {
        using var dir = new MigrationScratch();
        var file = dir.Write("base.yaml", "population: {}\nlearning: {}\ndatabase: {}\nredis: {}\ncurriculum_phases: []\n");

        var (exit, output, _) = await MigrationCli.RunAsync("migrations", "detect", file, "--migrations", MigrationCli.SampleScripts, "--format", "json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(("2.1", "rule"), (root.GetProperty("version").GetString(), root.GetProperty("method").GetString()));
        Assert.Equal(13, root.GetProperty("rule").GetProperty("script").GetProperty("line").GetInt32());
        Assert.Equal(5, root.GetProperty("tried").GetArrayLength());
        var v20 = root.GetProperty("tried").EnumerateArray().Single(r => r.GetProperty("version").GetString() == "2.0");
        Assert.False(v20.GetProperty("matches").GetBoolean());
        Assert.Equal(["visualization"], v20.GetProperty("lacks").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["curriculum_phases"], v20.GetProperty("has").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_version_key_or_a_malformed_file_is_an_error_with_its_line()
    {
        using var dir = new MigrationScratch();
        var badKey = dir.Write("a.yaml", "max_steps: 5\nconfig_version: {x: 1}\n");
        var malformed = dir.Write("b.yaml", "max_steps: [5\n");

        var (keyExit, keyOut, keyError) = await MigrationCli.RunAsync("migrations", "detect", badKey, "--migrations", MigrationCli.SampleScripts);
        var (parseExit, _, parseError) = await MigrationCli.RunAsync("migrations", "detect", malformed, "--migrations", MigrationCli.SampleScripts);

        Assert.Equal((1, 1), (keyExit, parseExit));
        Assert.Contains("a.yaml: version undetermined: config_version must be a version such as \"2.1\", not a map", keyOut, StringComparison.Ordinal);
        Assert.EndsWith("a.yaml:2:17: config_version: config_version must be a version such as \"2.1\", not a map", keyError.Trim(), StringComparison.Ordinal);
        Assert.Contains("b.yaml:", parseError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/no/such/file.yaml")]
    [InlineData("DIR")]
    public async Task A_missing_file_or_a_directory_is_a_usage_error(string path)
    {
        var (exit, _, error) = await MigrationCli.RunAsync("migrations", "detect", path == "DIR" ? MigrationCli.LegacyDirectory : path, "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(2, exit);
        Assert.StartsWith("strata: ", error, StringComparison.Ordinal);
    }
}
