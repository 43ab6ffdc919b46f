using System.Text.Json;

namespace Strata.Cli.Tests;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Dry_run_on_the_legacy_sample_prints_the_diff_and_writes_nothing()
    {
        var file = Path.Combine(MigrationCli.LegacyDirectory, "base.yaml");
        var before = await File.ReadAllBytesAsync(file);

        // No --migrations: the scripts are found next to the file (samples/legacy/migrations links to samples/config/migrations).
        var (exit, output, error) = await MigrationCli.RunAsync("migrate", file, "--to", "2.1", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("samples/legacy/migrations (versions 1.0, 1.1, 1.2, 2.0, 2.1)", output, StringComparison.Ordinal);
        Assert.Contains("base.yaml: 1.0 -> 2.1 (dry run: nothing written)", output, StringComparison.Ordinal);
        Assert.Contains("    > width -> environment.width: 80", output, StringComparison.Ordinal);
        Assert.Contains("    > agent_type_ratios.SystemAgent -> population.agent_ratios.system_agent: 0.4", output, StringComparison.Ordinal);
        Assert.Contains("    + redis.password: ***", output, StringComparison.Ordinal);
        Assert.Contains("    + config_version: 2.1", output, StringComparison.Ordinal);
        Assert.Contains("    skipped  move db_cache_size_mb -> database.cache_size_mb (source key 'db_cache_size_mb' not found)", output, StringComparison.Ordinal);
        Assert.EndsWith("1 file: 1 would be migrated, 0 up to date, 0 failed" + Environment.NewLine, output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(file));
        Assert.False(File.Exists(file + ".bak"));
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task Without_migrations_next_to_the_file_the_scripts_are_found_further_up()
    {
        using var root = new MigrationScratch();
        root.Write("config/migrations/v1.0_to_v2.0.yaml", "from_version: \"1.0\"\nto_version: \"2.0\"\ntransformations:\n  - operation: rename\n    source_path: a\n    target_path: b\n");
        var file = root.Write("legacy/base.yaml", "config_version: \"1.0\"\na: 1\n");

        var (exit, output, error) = await MigrationCli.RunAsync("migrate", file, "--to", "2.0", "--dry-run");

        Assert.True(exit == 0, error);
        Assert.Contains($"migrations: {Path.Combine(root.Path, "config", "migrations").Replace('\\', '/')} (versions 1.0, 2.0)", output, StringComparison.Ordinal);
        Assert.Contains("    > a -> b: 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_run_writes_2_1_keeps_a_bak_and_the_directory_then_loads()
    {
        using var dir = MigrationScratch.CopyOf(MigrationCli.LegacyDirectory);
        var file = Path.Combine(dir.Path, "base.yaml");
        var before = await File.ReadAllBytesAsync(file);

        var (exit, output, error) = await MigrationCli.RunAsync("migrate", file, "--to", "2.1", "--migrations", MigrationCli.SampleScripts);

        Assert.True(exit == 0, error);
        Assert.Contains($"base.yaml: migrated 1.0 -> 2.1 (backup {file.Replace('\\', '/')}.bak)", output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(file + ".bak"));
        var text = await File.ReadAllTextAsync(file);
        Assert.StartsWith("# Legacy farm simulation settings", text, StringComparison.Ordinal);
        Assert.Contains("config_version: \"2.1\"", text, StringComparison.Ordinal);
        Assert.Contains("# Population.\npopulation:\n  system_agents: 8", text, StringComparison.Ordinal);
        Assert.Contains("  epsilon_min: 0.01 # never explore less than this", text, StringComparison.Ordinal);

        // The migrated base loads (the environment file is still at 1.0 and is migrated in memory).
        var (showExit, shown, showError) = await MigrationCli.RunAsync("get", "environment.width", dir.Path, "--env", "testing");
        Assert.True(showExit == 0, showError);
        Assert.Equal("80", shown.Trim());

        var (again, againOut, _) = await MigrationCli.RunAsync("migrate", file, "--to", "2.1", "--migrations", MigrationCli.SampleScripts);
        Assert.Equal(0, again);
        Assert.Contains("base.yaml: up to date at 2.1", againOut, StringComparison.Ordinal);

        // And it passes the sample's validation rules (samples/legacy/schema.yaml links to samples/config/schema.yaml).
        Assert.True(File.Exists(Path.Combine(dir.Path, "schema.yaml")));
        var (validExit, validOut, validError) = await MigrationCli.RunAsync("validate", dir.Path, "--all-envs");
        Assert.True(validExit == 0, validError);
        Assert.Contains("2 of 2 configurations valid", validOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_run_reports_every_file_as_json()
    {
        using var dir = MigrationScratch.CopyOf(MigrationCli.LegacyDirectory);

        var (exit, output, error) = await MigrationCli.RunAsync("migrate", dir.Path, "--to", "2.1", "--migrations", MigrationCli.SampleScripts, "--no-backup", "--format", "json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("2.1", root.GetProperty("to").GetString());
        Assert.False(root.GetProperty("dry_run").GetBoolean());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("migrated").GetInt32());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("up_to_date").GetInt32());
        var files = root.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!);
        Assert.Equal(["base.yaml", "environments/development.yaml", "environments/testing.yaml"], files.Keys);
        var dev = files["environments/development.yaml"];
        Assert.Equal("migrated", dev.GetProperty("status").GetString());
        Assert.Equal("environment", dev.GetProperty("layer").GetString());
        var skippedAdd = dev.GetProperty("steps")[2].GetProperty("operations").EnumerateArray().First(o => o.GetProperty("operation").GetString() == "add");
        Assert.Equal("skipped", skippedAdd.GetProperty("status").GetString());
        Assert.StartsWith("applies to the global layer only", skippedAdd.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var password = files["base.yaml"].GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("path").GetString() == "redis.password");
        Assert.Equal("***", password.GetProperty("new").GetString());
        Assert.Equal("up_to_date", files["environments/testing.yaml"].GetProperty("status").GetString());
        Assert.Empty(Directory.GetFiles(dir.Path, "*.bak", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_unknown_target_version_is_a_usage_error()
    {
        var (exit, _, error) = await MigrationCli.RunAsync("migrate", Path.Combine(MigrationCli.LegacyDirectory, "base.yaml"), "--to", "9.9", "--dry-run");

        Assert.Equal(2, exit);
        Assert.Contains("unknown target version '9.9'", error, StringComparison.Ordinal);
        Assert.Contains("know 1.0, 1.1, 1.2, 2.0, 2.1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_path_between_the_versions_leaves_the_file_and_names_its_version_key()
    {
        using var dir = new MigrationScratch();
        var file = dir.Write("base.yaml", "# current\nconfig_version: \"2.1\"\nmax_steps: 5\n");

        var (exit, output, error) = await MigrationCli.RunAsync("migrate", file, "--to", "1.0", "--migrations", MigrationCli.SampleScripts);

        Assert.Equal(1, exit);
        Assert.Contains("base.yaml: no migration path, left unchanged", output, StringComparison.Ordinal);
        Assert.Equal($"{file.Replace('\\', '/')}:2:17: config_version: no migration path from 2.1 to 1.0", error.Trim());
        Assert.Equal("# current\nconfig_version: \"2.1\"\nmax_steps: 5\n", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_malformed_script_is_reported_with_file_and_line()
    {
        using var dir = new MigrationScratch();
        var file = dir.Write("config/base.yaml", "config_version: \"1.0\"\n");
        dir.Write("config/migrations/v1.0_to_v1.1.yaml", "from_version: \"1.0\"\nto_version: \"1.1\"\ntransformations:\n  - operation: move\n    source_path: a\n");

        var (exit, _, error) = await MigrationCli.RunAsync("migrate", file, "--to", "1.1");

        Assert.Equal(1, exit);
        Assert.EndsWith("config/migrations/v1.0_to_v1.1.yaml:4:5: transformations[0]: move needs target_path", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_file_is_never_half_written()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = MigrationScratch.CopyOf(MigrationCli.LegacyDirectory);
        var file = Path.Combine(dir.Path, "base.yaml");
        var before = await File.ReadAllBytesAsync(file);
        File.SetUnixFileMode(file, UnixFileMode.UserRead);
        try
        {
            var (exit, _, error) = await MigrationCli.RunAsync("migrate", file, "--to", "2.1", "--migrations", MigrationCli.SampleScripts);

            Assert.Equal(1, exit);
            Assert.Contains("cannot write the file", error, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(file));
            Assert.False(File.Exists(file + ".bak"));
        }
        finally
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [InlineData("migrate", "/no/such/file.yaml", "--to", "2.1")]
    [InlineData("migrate", "SAMPLE", "--to", "2.1", "--migrations", "/no/such/dir")]
    [InlineData("migrate", "SAMPLE")]
    [InlineData("migrate", "SAMPLE", "--to", "2.1", "--from", "9.9")]
    [InlineData("migrate", "LEGACY", "--to", "2.1", "--output", "LEGACY/out")]
    [InlineData("migrate", "LEGACY", "--to", "2.1", "--output", "SAMPLE")]
    public async Task Bad_command_lines_exit_with_2(params string[] args)
    {
        var resolved = args.Select(a => a.Replace("LEGACY", MigrationCli.LegacyDirectory, StringComparison.Ordinal))
            .Select(a => a == "SAMPLE" ? Path.Combine(MigrationCli.LegacyDirectory, "base.yaml") : a).ToArray();

        var (exit, _, error) = await MigrationCli.RunAsync(resolved);

        Assert.Equal(2, exit);
        Assert.StartsWith("strata: ", error, StringComparison.Ordinal);
    }
}
