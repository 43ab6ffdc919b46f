using System.Text.Json;
using Strata.Migration;

namespace Strata.Cli.Tests;

public sealed class MigrationsCommandTests
{
    [Fact]
    public async Task List_shows_the_versions_and_every_script()
    {
        var (exit, output, _) = await MigrationCli.RunAsync("migrations", "list", "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(0, exit);
        Assert.Contains("versions: 1.0, 1.1, 1.2, 2.0, 2.1 (latest 2.1)", output, StringComparison.Ordinal);
        Assert.Contains("  1.0 -> 1.1  Agent parameters per agent type", output, StringComparison.Ordinal);
        Assert.Contains("  2.0 -> 2.1  Curriculum learning", output, StringComparison.Ordinal);
        Assert.Contains("detects unversioned 1.0 files: present [max_steps, learning_rate], absent [learning, population]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_as_json()
    {
        var (exit, output, _) = await MigrationCli.RunAsync("migrations", "list", "--migrations", MigrationCli.SampleScripts, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("2.1", json.RootElement.GetProperty("latest").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Path_shows_the_shortest_chain()
    {
        var (exit, output, _) = await MigrationCli.RunAsync("migrations", "path", "1.0", "2.1", "--migrations", MigrationCli.SampleScripts);
        var (jsonExit, json, _) = await MigrationCli.RunAsync("migrations", "path", "1.1", "2.0", "--migrations", MigrationCli.SampleScripts, "--format", "json");

        Assert.Equal(0, exit);
        Assert.StartsWith("1.0 -> 1.1 -> 1.2 -> 2.0 -> 2.1" + Environment.NewLine, output, StringComparison.Ordinal);
        Assert.Contains("  1.2 -> 2.0: Redis and database settings", output, StringComparison.Ordinal);
        Assert.Equal(0, jsonExit);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["1.1", "1.2", "2.0"], doc.RootElement.GetProperty("path").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Path_without_a_chain_exits_1_and_an_unknown_version_exits_2()
    {
        var (noPath, _, noPathError) = await MigrationCli.RunAsync("migrations", "path", "2.1", "1.0", "--migrations", MigrationCli.SampleScripts);
        var (unknown, _, unknownError) = await MigrationCli.RunAsync("migrations", "path", "1.0", "3.0", "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(1, noPath);
        Assert.EndsWith("no migration path from 2.1 to 1.0", noPathError.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, unknown);
        Assert.Contains("unknown version '3.0'; known: 1.0, 1.1, 1.2, 2.0, 2.1", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_writes_a_template_that_extends_the_chain()
    {
        using var dir = MigrationScratch.CopyOf(MigrationCli.SampleScripts);

        var (exit, output, error) = await MigrationCli.RunAsync("migrations", "new", "2.1", "2.2", "--migrations", dir.Path);
        var (listExit, list, _) = await MigrationCli.RunAsync("migrations", "list", "--migrations", dir.Path);
        var (twice, _, twiceError) = await MigrationCli.RunAsync("migrations", "new", "2.1", "2.2", "--migrations", dir.Path);

        Assert.True(exit == 0, error);
        Assert.Contains("created ", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "v2.1_to_v2.2.yaml")));
        Assert.Equal(0, listExit);
        Assert.Contains("(latest 2.2)", list, StringComparison.Ordinal);
        Assert.Equal(2, twice);
        Assert.Contains("a migration 2.1 -> 2.2 already exists", twiceError, StringComparison.Ordinal);
        Assert.Equal("2.2", ConfigurationMigrator.Load(dir.Path).LatestVersion);
    }

    [Theory]
    [InlineData("2 .2")]
    [InlineData("../x")]
    public async Task New_refuses_versions_that_are_not_versions(string version)
    {
        using var dir = new MigrationScratch();

        var (exit, _, error) = await MigrationCli.RunAsync("migrations", "new", "1.0", version, "--migrations", dir.Path);

        Assert.Equal(2, exit);
        Assert.Contains("is not a version", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Without_scripts_the_verbs_say_where_they_looked()
    {
        var (exit, _, error) = await MigrationCli.RunAsync("migrations", "list");

        Assert.Equal(2, exit);
        Assert.Contains("no migration scripts found (looked in ", error, StringComparison.Ordinal);
        Assert.Contains("config/migrations", error, StringComparison.Ordinal);
    }
}
