using Strata.Migration;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

/// <summary>The tool with a stated source version, an output file or directory, and files without a migration path.</summary>
public sealed class MigrationToolOutputTests
{
    private const string Base = "# base\nconfig_version: \"1.0\"\nwidth: 3 # cells\n";
    private const string Unversioned = "# overrides\nwidth: 4\n";

    private static ConfigurationMigrator Migrator() => new([
        Step("1.0", "1.1", Op(MigrationOperation.Move, "width", "size.width")),
        Step("1.1", "2.0", Op(MigrationOperation.Add, target: "extra", value: "true")),
    ]);

    private static MigrationTool Tool(IMigrationFileStore? store = null) =>
        new(Migrator(), store is null ? null : new MigrationToolOptions { FileStore = store });

    [Fact]
    public void A_stated_version_migrates_an_unversioned_file_that_is_otherwise_up_to_date()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("environments/dev.yaml", Unversioned);

        var unstated = Tool().MigrateFile(file, "2.0", new MigrationRunOptions(DryRun: true));
        var stated = Tool().MigrateFile(file, "2.0", new MigrationRunOptions { FromVersion = "1.0" });

        Assert.Equal(FileMigrationStatus.UpToDate, unstated.Status);
        Assert.Equal(FileMigrationStatus.Migrated, stated.Status);
        Assert.Equal("config_version: \"2.0\"\n# overrides\nsize:\n  width: 4\n", File.ReadAllText(file));
    }

    [Fact]
    public void An_output_file_receives_the_migrated_file_and_the_original_stays_without_a_backup()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Base);
        var output = Path.Combine(dir.Path, "out", "new", "base-2.0.yaml");

        var result = Tool().MigrateFile(file, "2.0", new MigrationRunOptions { Output = output });

        Assert.Equal(FileMigrationStatus.Migrated, result.Status);
        Assert.Equal(output, result.OutputPath);
        Assert.Null(result.BackupPath);
        Assert.Equal(Base, File.ReadAllText(file));
        Assert.Equal("# base\nconfig_version: \"2.0\"\nsize:\n  width: 3 # cells\nextra: true\n", File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.bak", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_existing_output_directory_receives_a_file_of_the_same_name()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Base);
        Directory.CreateDirectory(Path.Combine(dir.Path, "out"));

        var result = Tool().MigrateFile(file, "2.0", new MigrationRunOptions { Output = Path.Combine(dir.Path, "out") });

        Assert.Equal(Path.Combine(dir.Path, "out", "base.yaml"), result.OutputPath);
        Assert.Contains("config_version: \"2.0\"", File.ReadAllText(result.OutputPath!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_existing_output_file_is_never_overwritten(bool dryRun)
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Base);
        var output = dir.Write("out.yaml", "mine: 1\n");

        var result = Tool().MigrateFile(file, "2.0", new MigrationRunOptions(DryRun: dryRun) { Output = output });

        Assert.Equal(FileMigrationStatus.Failed, result.Status);
        Assert.Equal($"{file.Replace('\\', '/')}: the output {output.Replace('\\', '/')} already exists and is never overwritten; nothing was written", Assert.Single(result.Errors).ToString());
        Assert.Equal("mine: 1\n", File.ReadAllText(output));
        Assert.Equal(Base, File.ReadAllText(file));
    }

    [Fact]
    public void An_output_equal_to_the_input_is_an_in_place_rewrite_with_its_backup()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Base);

        var result = Tool().MigrateFile(file, "2.0", new MigrationRunOptions { Output = file });

        Assert.Equal(FileMigrationStatus.Migrated, result.Status);
        Assert.Null(result.OutputPath);
        Assert.Equal(Base, File.ReadAllText(file + ".bak"));
    }

    [Fact]
    public void A_directory_output_mirrors_the_layout_and_holds_every_file_and_the_source_is_untouched()
    {
        using var dir = new TempConfigDir();
        using var target = new TempConfigDir();
        dir.Write("config/base.yaml", Base);
        dir.Write("config/environments/dev.yaml", Unversioned);
        dir.Write("config/environments/old.yaml", "config_version: \"1.0\"\nwidth: 5\n");
        var output = Path.Combine(target.Path, "config-2.0");

        var run = Tool().MigrateDirectory(Path.Combine(dir.Path, "config"), "2.0", new MigrationRunOptions { Output = output });

        Assert.True(run.Succeeded, string.Join("\n", run.Files.SelectMany(f => f.Errors)));
        Assert.Equal((2, 1), (run.Migrated, run.UpToDate));
        Assert.Equal(Unversioned, File.ReadAllText(Path.Combine(output, "environments", "dev.yaml")));
        Assert.Equal("config_version: \"2.0\"\nsize:\n  width: 5\n", File.ReadAllText(Path.Combine(output, "environments", "old.yaml")));
        Assert.Contains("extra: true", File.ReadAllText(Path.Combine(output, "base.yaml")), StringComparison.Ordinal);
        Assert.Equal(Base, File.ReadAllText(Path.Combine(dir.Path, "config", "base.yaml")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.bak", SearchOption.AllDirectories));
        Assert.All(run.Files, f => Assert.StartsWith(output, f.OutputPath, StringComparison.Ordinal));
    }

    [Fact]
    public void A_dry_run_with_an_output_writes_nothing_and_says_where_it_would_write()
    {
        using var dir = new TempConfigDir();
        dir.Write("config/base.yaml", Base);
        var output = Path.Combine(dir.Path, "out");

        var run = Tool().MigrateDirectory(Path.Combine(dir.Path, "config"), "2.0", new MigrationRunOptions(DryRun: true) { Output = output });

        Assert.Equal(FileMigrationStatus.WouldMigrate, Assert.Single(run.Files).Status);
        Assert.Equal(Path.Combine(output, "base.yaml"), run.Files[0].OutputPath);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_directory_output_inside_the_directory_or_on_a_file_is_refused()
    {
        using var dir = new TempConfigDir();
        dir.Write("config/base.yaml", Base);
        var aFile = dir.Write("file.yaml", "a: 1\n");
        var config = Path.Combine(dir.Path, "config");

        var inside = Assert.Throws<ArgumentException>(() => Tool().MigrateDirectory(config, "2.0", new MigrationRunOptions { Output = Path.Combine(config, "out") }));
        var onFile = Assert.Throws<ArgumentException>(() => Tool().MigrateDirectory(config, "2.0", new MigrationRunOptions { Output = aFile }));

        Assert.StartsWith($"the output '{Path.Combine(config, "out")}' is inside", inside.Message, StringComparison.Ordinal);
        Assert.StartsWith($"the output '{aFile}' is a file", onFile.Message, StringComparison.Ordinal);
        Assert.Equal(Base, File.ReadAllText(Path.Combine(config, "base.yaml")));
    }

    [Theory]
    [InlineData(nameof(IMigrationFileStore.CreateDirectory))]
    [InlineData(nameof(IMigrationFileStore.WriteTemporary))]
    [InlineData(nameof(IMigrationFileStore.MoveToNew))]
    public void An_output_that_cannot_be_written_leaves_nothing_behind(string failingStep)
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Base);
        var output = Path.Combine(dir.Path, "out", "base.yaml");
        var store = new FaultyFileStore().Fail(failingStep, p => p.StartsWith(Path.Combine(dir.Path, "out"), StringComparison.Ordinal));

        var result = Tool(store).MigrateFile(file, "2.0", new MigrationRunOptions { Output = output });

        Assert.Equal(FileMigrationStatus.Failed, result.Status);
        Assert.Contains("cannot write the output", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(Base, File.ReadAllText(file));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_without_a_migration_path_is_reported_as_such_and_left_alone(bool dryRun)
    {
        using var dir = new TempConfigDir();
        dir.Write("config/base.yaml", "config_version: \"2.0\"\nextra: true\n");

        var run = Tool().MigrateDirectory(Path.Combine(dir.Path, "config"), "1.0", new MigrationRunOptions(DryRun: dryRun));

        var file = run.Files.Single(f => f.DisplayPath == "base.yaml");
        Assert.Equal(FileMigrationStatus.NoPath, file.Status);
        Assert.Equal("base.yaml:1:17: config_version: no migration path from 2.0 to 1.0", Assert.Single(file.Errors).ToString());
        Assert.False(run.Succeeded);
        Assert.Equal(1, run.NoPath);
        Assert.EndsWith(", 0 failed, 1 with no path", run.Summary, StringComparison.Ordinal);
        Assert.Equal("config_version: \"2.0\"\nextra: true\n", File.ReadAllText(Path.Combine(dir.Path, "config", "base.yaml")));
        Assert.Contains("\"status\": \"no_path\"", MigrationReportJson.ToJson(run), StringComparison.Ordinal);
        Assert.Contains("\"no_path\": 1", MigrationReportJson.ToJson(run), StringComparison.Ordinal);
    }
}
