using System.Text.Json;

namespace Strata.Cli.Tests;

/// <summary><c>strata migrate --check</c>, <c>--from</c> and <c>--output</c>.</summary>
public sealed class MigrateCheckAndOutputTests
{
    [Fact]
    public async Task Check_reports_each_file_writes_nothing_and_exits_1_when_work_is_left()
    {
        using var dir = MigrationScratch.CopyOf(MigrationCli.LegacyDirectory);
        var before = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

        var (exit, output, error) = await MigrationCli.RunAsync("migrate", dir.Path, "--to", "2.1", "--check", "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(1, exit);
        Assert.Contains("base.yaml: would migrate 1.0 -> 2.1 (version detected by the rule at ", output, StringComparison.Ordinal);
        Assert.Contains("environments/development.yaml: would migrate 1.0 -> 2.1 (version from its config_version key)", output, StringComparison.Ordinal);
        Assert.Contains("environments/testing.yaml: up to date at 2.1 (no version key and no detection rule matched: taken to be current)", output, StringComparison.Ordinal);
        Assert.EndsWith("3 files: 2 would be migrated, 1 up to date, 0 failed", output.Trim(), StringComparison.Ordinal);
        Assert.Equal(["base.yaml: needs migrating from 1.0 to 2.1", "environments/development.yaml:3:17: config_version: needs migrating from 1.0 to 2.1"], error.Trim().Split('\n'));
        Assert.Equal(before, Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText));
    }

    [Fact]
    public async Task Check_exits_0_when_every_file_is_at_the_target()
    {
        var (exit, output, error) = await MigrationCli.RunAsync("migrate", TempSampleBase(), "--to", "2.1", "--check", "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(0, exit);
        Assert.Contains("base.yaml: up to date at 2.1 (version from its config_version key)", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Check_names_files_with_no_path_and_json_says_no_path()
    {
        using var dir = new MigrationScratch();
        var file = dir.Write("base.yaml", "config_version: \"2.1\"\nmax_steps: 5\n");

        var (exit, output, error) = await MigrationCli.RunAsync("migrate", file, "--to", "1.0", "--check", "--migrations", MigrationCli.SampleScripts);
        var (jsonExit, json, _) = await MigrationCli.RunAsync("migrate", file, "--to", "1.0", "--check", "--migrations", MigrationCli.SampleScripts, "--format", "json");

        Assert.Equal((1, 1), (exit, jsonExit));
        Assert.Contains("base.yaml: no path from 2.1 to 1.0", output, StringComparison.Ordinal);
        Assert.EndsWith("0 failed, 1 with no path", output.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("config_version: no migration path from 2.1 to 1.0", error.Trim(), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("no_path", doc.RootElement.GetProperty("files")[0].GetProperty("status").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("no_path").GetInt32());
    }

    [Fact]
    public async Task From_migrates_an_unversioned_file_that_would_otherwise_be_up_to_date()
    {
        using var dir = new MigrationScratch();
        var file = dir.Write("old.yaml", "# old\nmax_steps: 5\nwidth: 80\n");

        var (unstatedExit, unstated, _) = await MigrationCli.RunAsync("migrate", file, "--to", "2.1", "--check", "--migrations", MigrationCli.SampleScripts);
        var (exit, output, error) = await MigrationCli.RunAsync("migrate", file, "--to", "2.1", "--from", "1.2", "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(0, unstatedExit);
        Assert.Contains("old.yaml: up to date at 2.1", unstated, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        Assert.Contains("old.yaml: migrated 1.2 -> 2.1", output, StringComparison.Ordinal);
        Assert.Contains("  version 1.2 stated with --from", output, StringComparison.Ordinal);
        var migrated = await File.ReadAllTextAsync(file);
        Assert.Contains("environment:\n  width: 80", migrated, StringComparison.Ordinal);
        Assert.StartsWith("config_version: \"2.1\"", migrated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_writes_a_new_file_and_leaves_the_original_and_no_backup()
    {
        using var dir = MigrationScratch.CopyOf(MigrationCli.LegacyDirectory);
        var original = await File.ReadAllTextAsync(Path.Combine(dir.Path, "base.yaml"));
        var output = Path.Combine(dir.Path, "migrated", "base-2.1.yaml");

        var (exit, text, error) = await MigrationCli.RunAsync("migrate", Path.Combine(dir.Path, "base.yaml"), "--to", "2.1", "--output", output, "--migrations", MigrationCli.SampleScripts);
        var (again, _, refused) = await MigrationCli.RunAsync("migrate", Path.Combine(dir.Path, "base.yaml"), "--to", "2.1", "--output", output, "--migrations", MigrationCli.SampleScripts);

        Assert.True(exit == 0, error);
        Assert.Contains("base.yaml: migrated 1.0 -> 2.1, written to ", text, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(Path.Combine(dir.Path, "base.yaml")));
        Assert.Contains("redis:", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.bak", SearchOption.AllDirectories));
        Assert.Equal(1, again);
        Assert.Contains("already exists and is never overwritten; nothing was written", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_output_is_a_complete_config_directory_at_the_target_that_loads()
    {
        using var source = MigrationScratch.CopyOf(MigrationCli.LegacyDirectory);
        using var target = new MigrationScratch();
        var output = Path.Combine(target.Path, "config");

        var (exit, text, error) = await MigrationCli.RunAsync("migrate", source.Path, "--to", "2.1", "--output", output, "--migrations", MigrationCli.SampleScripts, "--format", "json");

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(text);
        var files = doc.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("output").GetString());
        Assert.Equal(Path.Combine(output, "environments", "testing.yaml").Replace('\\', '/'), files["environments/testing.yaml"]);
        Assert.Equal(["base.yaml", "environments/development.yaml", "environments/testing.yaml"], Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        var (showExit, shown, showError) = await MigrationCli.RunAsync("get", "environment.width", output, "--env", "development");
        Assert.True(showExit == 0, showError);
        Assert.Equal("40", shown.Trim());
    }

    private static string TempSampleBase() => Path.Combine(CliRunner.RepositoryRoot, "samples", "config", "base.yaml");
}
