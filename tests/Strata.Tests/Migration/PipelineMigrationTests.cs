using Strata.Hierarchy;
using Strata.Migration;
using Strata.Model;

namespace Strata.Tests.Migration;

public sealed class PipelineMigrationTests
{
    private const string Script = """
        from_version: "1.0"
        to_version: "2.0"
        description: Sections
        detect:
          present: [width]
          absent: [environment]
        transformations:
          - operation: move
            source_path: width
            target_path: environment.width
          - operation: add
            target_path: redis.host
            value: localhost
        """;

    private static EnvironmentConfigManager Manager(TempConfigDir dir, string? environment = null, IReadOnlyDictionary<string, string>? variables = null) =>
        new(dir.Path, new EnvironmentConfigOptions { Environment = environment, EnvironmentVariables = variables ?? new Dictionary<string, string>() });

    [Fact]
    public void Each_layer_is_migrated_before_the_merge()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/v1.0_to_v2.0.yaml", Script);
        dir.Write("base.yaml", "width: 80\n");
        dir.Write("environments/staging.yaml", "config_version: \"1.0\"\nwidth: 40\n");

        var result = Manager(dir, "staging").TryLoad();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var snapshot = result.Snapshot!;
        Assert.Equal(40, snapshot.Get<int>("environment.width"));
        Assert.Equal("localhost", snapshot.Get<string>("redis.host"));
        Assert.Equal("2.0", snapshot.Get<string>("config_version"));
        Assert.False(snapshot.TryGet<int>("width", out _));
        Assert.Equal(["base.yaml: 1.0 -> 2.0: Sections", "environments/staging.yaml: 1.0 -> 2.0: Sections"], result.Migrations);
        var explained = snapshot.Explain("environment.width");
        Assert.Equal(new Origin("environments/staging.yaml", 2, 8, LayerKind.Environment), explained.Winner);
    }

    [Fact]
    public void An_old_environment_file_works_on_top_of_a_newer_base_without_its_defaults_overriding_the_base()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/v1.0_to_v2.0.yaml", Script);
        dir.Write("base.yaml", "config_version: \"2.0\"\nenvironment: {width: 80}\nredis: {host: redis.internal}\n");
        dir.Write("environments/staging.yaml", "config_version: \"1.0\"\nwidth: 40\n");

        var snapshot = Manager(dir, "staging").Load();

        Assert.Equal(40, snapshot.Get<int>("environment.width"));
        Assert.Equal("redis.internal", snapshot.Get<string>("redis.host"));
    }

    [Fact]
    public void A_layer_without_a_version_key_that_no_rule_recognises_is_not_migrated()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/v1.0_to_v2.0.yaml", Script);
        dir.Write("base.yaml", "config_version: \"2.0\"\nenvironment: {width: 80}\n");
        dir.Write("environments/staging.yaml", "max_steps: 5\n");

        var result = Manager(dir, "staging").TryLoad();

        Assert.True(result.Succeeded);
        Assert.Empty(result.Migrations);
        Assert.False(result.Snapshot!.TryGet<string>("redis.host", out _));
    }

    [Fact]
    public void A_broken_script_fails_the_load_with_its_file_and_line()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/v1.0_to_v2.0.yaml", "from_version: \"1.0\"\nto_version: \"2.0\"\ntransformations:\n  - operation: teleport\n");
        dir.Write("base.yaml", "config_version: \"2.0\"\n");

        var result = Manager(dir).TryLoad();

        Assert.False(result.Succeeded);
        Assert.Equal("migrations/v1.0_to_v2.0.yaml:4:16: transformations[0].operation: unknown operation 'teleport'; expected rename, move, copy, add, delete, modify, merge or split", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void A_layer_that_cannot_be_migrated_fails_the_load_naming_the_layer()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/v1.0_to_v2.0.yaml", Script);
        dir.Write("base.yaml", "config_version: \"2.0\"\n");
        dir.Write("environments/staging.yaml", "config_version: \"0.9\"\n");

        var result = Manager(dir, "staging").TryLoad();

        Assert.False(result.Succeeded);
        Assert.Equal("environments/staging.yaml:1:17: config_version: config_version: version '0.9' is not one the migration scripts know (known: 1.0, 2.0); is the file newer than the migration scripts?", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Scripts_are_parsed_once_per_content_and_reparsed_when_one_changes()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/v1.0_to_v2.0.yaml", Script);
        var fs = Strata.Sources.PhysicalConfigFileSystem.Instance;
        var errors = new List<ConfigurationError>();

        var first = DirectoryMigrations.Resolve(dir.Path, fs, Strata.Sources.ParserLimits.Default, errors);
        var second = DirectoryMigrations.Resolve(dir.Path, fs, Strata.Sources.ParserLimits.Default, errors);
        dir.Write("migrations/v1.0_to_v2.0.yaml", Script.Replace("Sections", "Sections, again", StringComparison.Ordinal));
        var third = DirectoryMigrations.Resolve(dir.Path, fs, Strata.Sources.ParserLimits.Default, errors);

        Assert.Empty(errors);
        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.Equal("Sections, again", ((ConfigurationMigrator)third!).Migrations.Single().Description);
    }

    [Fact]
    public void Directory_migrations_can_be_turned_off_or_replaced()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/v1.0_to_v2.0.yaml", "this: is not a script\n");
        dir.Write("base.yaml", "width: 80\n");

        var off = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions { UseDirectorySchemaAndMigrations = false, EnvironmentVariables = new Dictionary<string, string>() }).Load();
        var own = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions
        {
            Migrator = new ConfigurationMigrator([MigrationTestData.Script(Script)]),
            EnvironmentVariables = new Dictionary<string, string>(),
        }).Load();

        Assert.Equal(80, off.Get<int>("width"));
        Assert.Equal(80, own.Get<int>("environment.width"));
    }
}
