using System.Text;
using Strata.Migration;
using Strata.Model;
using Strata.Sources;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

public sealed class MigrationToolTests
{
    private const string V10ToV11 = """
        from_version: "1.0"
        to_version: "1.1"
        description: Titles and sizes
        transformations:
          - operation: rename
            source_path: name
            target_path: title
            required: true
          - operation: move
            source_path: width
            target_path: size.width
        """;

    private const string V11ToV20 = """
        from_version: "1.1"
        to_version: "2.0"
        description: Extras
        transformations:
          - operation: add
            target_path: extra
            value: {enabled: true}
          - operation: delete
            source_path: obsolete
        """;

    private static ConfigurationMigrator Migrator() => new([Script(V10ToV11, "migrations/v1.0_to_v1.1.yaml"), Script(V11ToV20, "migrations/v1.1_to_v2.0.yaml")]);

    private static string Legacy(int n) => $"""
        # File {n}
        config_version: "1.0"
        name: item-{n} # the display name
        width: {n}
        obsolete: yes
        """;

    [Fact]
    public void Dry_run_returns_the_new_content_and_writes_nothing()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Legacy(1));
        var before = File.ReadAllBytes(file);

        var result = new MigrationTool(Migrator()).MigrateFile(file, "2.0", new MigrationRunOptions(DryRun: true));

        Assert.Equal(FileMigrationStatus.WouldMigrate, result.Status);
        Assert.Contains("title: item-1 # the display name", result.NewContent, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal(["base.yaml"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Contains(result.Report!.Changes, c => c.Path.Text == "size.width");
    }

    [Fact]
    public void A_real_run_writes_the_new_version_and_keeps_the_original_as_bak()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Legacy(2));
        var before = File.ReadAllBytes(file);

        var result = new MigrationTool(Migrator()).MigrateFile(file, "2.0");

        Assert.Equal(FileMigrationStatus.Migrated, result.Status);
        Assert.Equal(file + ".bak", result.BackupPath);
        Assert.Equal(before, File.ReadAllBytes(file + ".bak"));
        var migrated = YamlConfigParser.Parse(File.ReadAllText(file), "base.yaml", LayerKind.Global);
        Assert.Equal("2.0", Get(migrated, "config_version"));
        Assert.Equal("item-2", Get(migrated, "title"));
        Assert.Equal(2L, Get(migrated, "size.width"));
        Assert.Equal(true, Get(migrated, "extra.enabled"));
        Assert.False(Has(migrated, "obsolete"));
        Assert.Equal("""
            # File 2
            config_version: "2.0"
            title: item-2 # the display name
            size:
              width: 2
            extra:
              enabled: true

            """.ReplaceLineEndings("\n"), File.ReadAllText(file));
        Assert.Equal(0, result.CommentsDropped);
    }

    [Fact]
    public void A_second_run_finds_the_file_up_to_date_and_backups_are_never_overwritten()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Legacy(3));
        dir.Write("base.yaml.bak", "an older backup");
        var tool = new MigrationTool(Migrator());

        var first = tool.MigrateFile(file, "1.1");
        var second = tool.MigrateFile(file, "2.0");
        var third = tool.MigrateFile(file, "2.0");

        Assert.Equal(file + ".1.bak", first.BackupPath);
        Assert.Equal(file + ".2.bak", second.BackupPath);
        Assert.Equal("an older backup", File.ReadAllText(file + ".bak"));
        Assert.Equal(FileMigrationStatus.UpToDate, third.Status);
        Assert.Null(third.BackupPath);
    }

    [Fact]
    public void No_backup_when_told_not_to()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Legacy(4));

        var result = new MigrationTool(Migrator()).MigrateFile(file, "2.0", new MigrationRunOptions(Backup: false));

        Assert.Equal(FileMigrationStatus.Migrated, result.Status);
        Assert.Null(result.BackupPath);
        Assert.Equal(["base.yaml"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(nameof(IMigrationFileStore.EnsureWritable))]
    [InlineData(nameof(IMigrationFileStore.WriteTemporary))]
    [InlineData(nameof(IMigrationFileStore.CopyToNew))]
    [InlineData(nameof(IMigrationFileStore.Replace))]
    public void A_file_that_cannot_be_written_is_left_exactly_as_it_was(string failingStep)
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Legacy(5));
        var before = File.ReadAllBytes(file);
        var store = new FaultyFileStore().Fail(failingStep, _ => true);

        var result = new MigrationTool(Migrator(), new MigrationToolOptions { FileStore = store }).MigrateFile(file, "2.0");

        Assert.Equal(FileMigrationStatus.Failed, result.Status);
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal(["base.yaml"], Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"{file.Replace('\\', '/')}: cannot write the file ({failingStep} failed: no space left on device); it was left unchanged", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_file_is_refused_on_the_real_file_system()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Legacy(6));
        var before = File.ReadAllBytes(file);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var result = new MigrationTool(Migrator()).MigrateFile(file, "2.0");

            Assert.Equal(FileMigrationStatus.Failed, result.Status);
            Assert.Contains("read-only", result.Errors.Single().Message, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(file));
            Assert.Single(Directory.GetFiles(dir.Path));
        }
        finally
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void A_migrated_file_keeps_its_permissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", Legacy(7));
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(file, mode);

        new MigrationTool(Migrator()).MigrateFile(file, "2.0");

        Assert.Equal(mode, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Migrating_a_directory_of_20_files_leaves_each_fully_migrated_or_untouched()
    {
        using var dir = new TempConfigDir();
        var originals = new Dictionary<string, byte[]>();
        for (var n = 1; n <= 20; n++)
        {
            var content = n switch
            {
                3 => "config_version: \"1.0\"\nname: [unclosed\n",         // malformed YAML
                7 => "config_version: \"1.0\"\nwidth: 7\n",                // lacks the required 'name'
                11 => "config_version: \"7.7\"\nname: x\n",                // unknown version
                _ => Legacy(n),
            };
            var path = dir.Write($"f{n:00}.yaml", content);
            originals[path] = File.ReadAllBytes(path);
        }

        dir.Write("migrations/v9_to_v10.yaml", "not: a config file to migrate");
        var store = new FaultyFileStore()
            .Fail(nameof(IMigrationFileStore.Replace), p => p.EndsWith("f15.yaml", StringComparison.Ordinal))
            .Fail(nameof(IMigrationFileStore.WriteTemporary), p => p.EndsWith("f18.yaml", StringComparison.Ordinal))
            .Fail(nameof(IMigrationFileStore.CopyToNew), p => p.EndsWith("f19.yaml", StringComparison.Ordinal));
        var seen = new List<string>();

        var result = new MigrationTool(Migrator(), new MigrationToolOptions { FileStore = store })
            .MigrateDirectory(dir.Path, "2.0", progress: new Collect(seen));

        Assert.Equal(20, result.Files.Count);
        Assert.Equal(20, seen.Count);
        Assert.Equal((14, 5, 1), (result.Migrated, result.Failed, result.NoPath));
        Assert.Equal("20 files: 14 migrated, 0 up to date, 5 failed, 1 with no path", result.Summary);
        Assert.Equal(["f03.yaml", "f07.yaml", "f15.yaml", "f18.yaml", "f19.yaml"], result.Files.Where(f => f.Status == FileMigrationStatus.Failed).Select(f => f.DisplayPath));
        Assert.Equal("f11.yaml", result.Files.Single(f => f.Status == FileMigrationStatus.NoPath).DisplayPath);
        foreach (var file in result.Files)
        {
            var bytes = File.ReadAllBytes(file.Path);
            if (file.Status == FileMigrationStatus.Migrated)
            {
                var migrated = YamlConfigParser.Parse(Encoding.UTF8.GetString(bytes), file.DisplayPath, LayerKind.Global);
                Assert.Equal("2.0", Get(migrated, "config_version"));
                Assert.True(Has(migrated, "title") && Has(migrated, "size.width") && Has(migrated, "extra.enabled") && !Has(migrated, "obsolete"), file.DisplayPath);
                Assert.Equal(originals[file.Path], File.ReadAllBytes(file.Path + ".bak"));
            }
            else
            {
                Assert.Equal(originals[file.Path], bytes);
                Assert.False(File.Exists(file.Path + ".bak"), file.DisplayPath);
                Assert.NotEmpty(file.Errors);
            }
        }

        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains(result.Files.Single(f => f.DisplayPath == "f07.yaml").Errors, e => e.Message.Contains("required source key 'name' not found", StringComparison.Ordinal));
        Assert.Equal("f03.yaml", result.Files.Single(f => f.DisplayPath == "f03.yaml").Errors.Single().File);
    }

    [Fact]
    public void A_directory_run_skips_scripts_schema_hidden_and_backup_files_and_knows_layers()
    {
        using var dir = new TempConfigDir();
        dir.Write("base.yaml", Legacy(1));
        dir.Write("schema.yaml", "rules: []");
        dir.Write("migrations/v1.yaml", "from_version: \"1.0\"");
        dir.Write(".hidden/x.yaml", "a: 1");
        dir.Write("base.yaml.bak", "old");
        dir.Write("environments/dev.yaml", "config_version: \"1.0\"\nname: dev\n");
        dir.Write("agents/scout.json", """{"config_version": "1.0", "name": "scout", "obsolete": 1, "reward": 5.0, "tiny": 1e-7}""");

        var result = new MigrationTool(Migrator()).MigrateDirectory(dir.Path, "2.0");

        Assert.Equal(["agents/scout.json", "base.yaml", "environments/dev.yaml"], result.Files.Select(f => f.DisplayPath));
        Assert.Equal([LayerKind.Agent, LayerKind.Global, LayerKind.Environment], result.Files.Select(f => f.Layer));
        var dev = YamlConfigParser.Parse(File.ReadAllText(Path.Combine(dir.Path, "environments/dev.yaml")), "dev", LayerKind.Environment);
        Assert.False(Has(dev, "extra"));
        var scout = JsonConfigParser.Parse(File.ReadAllBytes(Path.Combine(dir.Path, "agents/scout.json")), "scout.json", LayerKind.Agent, ParserLimits.Default);
        Assert.Equal("2.0", Get(scout, "config_version"));
        Assert.Equal("scout", Get(scout, "title"));
        Assert.Equal(5.0, Get(scout, "reward"));
        Assert.Equal(1e-7, Get(scout, "tiny"));
    }

    [Fact]
    public void Line_endings_byte_order_mark_and_secret_tags_survive()
    {
        using var dir = new TempConfigDir();
        var file = Path.Combine(dir.Path, "base.yaml");
        var text = "config_version: \"1.0\"\r\nname: x\r\npassword: !secret hunter2\r\n";
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);

        var result = new MigrationTool(Migrator()).MigrateFile(file, "1.1");

        var bytes = File.ReadAllBytes(file);
        Assert.True(result.Status == FileMigrationStatus.Migrated, string.Join("; ", result.Errors));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var written = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal("config_version: \"1.1\"\r\ntitle: x\r\npassword: !secret hunter2\r\n", written);
    }

    [Fact]
    public void Values_keep_their_spelling_and_comments_follow_their_keys()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("base.yaml", """
            # Header comment

            config_version: "1.0"
            # about the name
            name: 'quoted'   # inline
            width: 0x10
            mask: 0o17
            list:
              - a   # first
              - b
            obsolete: 1 # this comment goes with its key
            # trailing comment
            """);

        var result = new MigrationTool(Migrator()).MigrateFile(file, "2.0");

        Assert.Equal("""
            # Header comment

            config_version: "2.0"
            # about the name
            title: 'quoted' # inline
            mask: 0o17
            list:
              - a # first
              - b
            size:
              width: 0x10
            extra:
              enabled: true
            # trailing comment

            """.ReplaceLineEndings("\n"), File.ReadAllText(file));
        Assert.Equal(1, result.CommentsDropped);
    }

    [Fact]
    public void Tags_flow_styles_and_aliases_read_back_with_the_same_meaning()
    {
        using var dir = new TempConfigDir();
        var file = dir.Write("environments/dev.yaml", """
            config_version: "1.0"
            name: dev
            defaults: &d {retries: 3, hosts: [a, b]}
            copy: *d
            legacy_flag: !delete
            token: !secret abc
            url: "${API_URL}"
            block:
              - one
              - two
            """);

        var result = new MigrationTool(Migrator()).MigrateFile(file, "1.1");

        Assert.Equal(FileMigrationStatus.Migrated, result.Status);
        Assert.Equal("""
            config_version: "1.1"
            title: dev
            defaults: {retries: 3, hosts: [a, b]}
            copy:
              retries: 3
              hosts: [a, b]
            legacy_flag: !delete ''
            token: !secret abc
            url: "${API_URL}"
            block:
              - one
              - two

            """.ReplaceLineEndings("\n"), File.ReadAllText(file));
        var reread = YamlConfigParser.Parse(File.ReadAllText(file), "dev.yaml", LayerKind.Environment);
        Assert.True(ConfigTree.TryGet(reread, P("legacy_flag"), out var marker) && ((ConfigScalar)marker).IsDeleteMarker);
        Assert.True(ConfigTree.TryGet(reread, P("token"), out var token) && token.IsSecret);
        Assert.True(ConfigTree.TryGet(reread, P("url"), out var url) && ((ConfigScalar)url).IsQuoted);
    }

    private sealed class Collect(List<string> seen) : IProgress<FileMigrationResult>
    {
        public void Report(FileMigrationResult value) => seen.Add(value.DisplayPath);
    }
}
