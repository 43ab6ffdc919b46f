using Microsoft.Extensions.Time.Testing;
using Strata.Hierarchy;
using Strata.Sources;

namespace Strata.Tests.Hierarchy;

/// <summary>
/// A run told which files changed (by file events) reads only those; a run that cannot trust the list reads everything.
/// Each test changes one file the list does not name: whether the run sees that change tells whether it read the file.
/// </summary>
public sealed class KnownChangesPipelineTests : IDisposable
{
    private readonly TempConfigDir _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly EnvironmentConfigManager _manager;
    private readonly ConfigurationPipeline _pipeline;

    public KnownChangesPipelineTests()
    {
        _dir.Write("base.yaml", "a: 1\nb: 1\n");
        _dir.Write("base.d/10-extra.yaml", "c: 1\n");
        _manager = new EnvironmentConfigManager(_dir.Path, new EnvironmentConfigOptions
        {
            Environment = "development",
            EnvironmentVariables = new Dictionary<string, string>(),
            TimeProvider = _time,
        });
        _pipeline = new ConfigurationPipeline(_manager);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_run_given_the_changed_files_reads_only_those()
    {
        var first = _pipeline.Run(1).Snapshot!;
        _dir.Write("base.d/10-extra.yaml", "c: 2\n");
        _dir.Write("base.yaml", "a: 2\nb: 1\n");

        var second = _pipeline.Run(2, first, ["base.d/10-extra.yaml"]);

        Assert.Equal(2, second.Snapshot!.Get<int>("c"));
        Assert.Equal(1, second.Snapshot.Get<int>("a"));
        Assert.Equal(1, second.FilesParsed);
        Assert.Equal(["base.yaml", "base.d/10-extra.yaml"], second.Files);

        // A run without the list reads every file and finds the other change.
        var third = _pipeline.Run(3, second.Snapshot);
        Assert.Equal(2, third.Snapshot!.Get<int>("a"));
        Assert.Equal(["base.yaml"], third.ChangedFiles);
    }

    [Fact]
    public void A_new_file_in_the_list_makes_the_run_list_the_layers_again()
    {
        var first = _pipeline.Run(1).Snapshot!;
        _dir.Write("base.d/20-more.yaml", "d: 1\n");
        _dir.Write("base.yaml", "a: 2\nb: 1\n");

        var second = _pipeline.Run(2, first, ["base.d/20-more.yaml"]).Snapshot!;

        Assert.Equal(1, second.Get<int>("d"));
        Assert.Equal(2, second.Get<int>("a"));
    }

    [Fact]
    public void A_vanished_file_in_the_list_makes_the_run_list_the_layers_again()
    {
        var first = _pipeline.Run(1).Snapshot!;
        File.Delete(Path.Combine(_dir.Path, "base.d", "10-extra.yaml"));
        _dir.Write("base.yaml", "a: 2\nb: 1\n");

        var second = _pipeline.Run(2, first, ["base.d/10-extra.yaml"]);

        Assert.False(second.Snapshot!.TryGetNode("c", out _));
        Assert.Equal(2, second.Snapshot.Get<int>("a"));
        Assert.Contains("base.d/10-extra.yaml", second.ChangedFiles);
    }

    [Fact]
    public void After_the_full_read_interval_a_run_reads_every_file_whatever_the_list_says()
    {
        var first = _pipeline.Run(1).Snapshot!;
        _dir.Write("base.yaml", "a: 2\nb: 1\n");
        _time.Advance(ConfigurationPipeline.FullReadInterval - TimeSpan.FromSeconds(1));
        var trusted = _pipeline.Run(2, first, ["base.d/10-extra.yaml"]).Snapshot!;
        Assert.Equal(1, trusted.Get<int>("a"));

        _time.Advance(TimeSpan.FromSeconds(1));
        var checkedAll = _pipeline.Run(3, trusted, ["base.d/10-extra.yaml"]).Snapshot!;

        Assert.Equal(2, checkedAll.Get<int>("a"));
    }

    [Fact]
    public void After_an_environment_switch_a_run_lists_the_layers_of_the_new_environment()
    {
        _dir.Write("environments/development.yaml", "e: dev\n");
        _dir.Write("environments/staging.yaml", "e: staging\n");
        var first = _pipeline.Run(1).Snapshot!;
        Assert.Equal("dev", first.Get<string>("e"));

        _manager.SwitchEnvironment("staging");
        _dir.Write("base.d/10-extra.yaml", "c: 2\n");
        var second = _pipeline.Run(2, first, ["base.d/10-extra.yaml"]).Snapshot!;

        Assert.Equal("staging", second.Get<string>("e"));
        Assert.Equal(2, second.Get<int>("c"));
    }

    [Fact]
    public void A_file_that_failed_to_parse_is_read_again_even_when_the_list_does_not_name_it()
    {
        var first = _pipeline.Run(1).Snapshot!;
        _dir.Write("base.yaml", "a: [\n");
        var broken = _pipeline.Run(2, first, ["base.yaml"]);
        Assert.Null(broken.Snapshot);
        Assert.Contains(broken.Errors, e => e.File == "base.yaml");

        _dir.Write("base.yaml", "a: 3\nb: 1\n");
        _dir.Write("base.d/10-extra.yaml", "c: 3\n");
        var mended = _pipeline.Run(2, first, ["base.d/10-extra.yaml"]).Snapshot!;

        Assert.Equal(3, mended.Get<int>("a"));
        Assert.Equal(3, mended.Get<int>("c"));
    }

    [Fact]
    public void An_optional_file_that_was_not_there_is_looked_for_again_when_an_event_names_it()
    {
        var first = _pipeline.Run(1).Snapshot!;
        _dir.Write("environments/development.yaml", "e: 1\n");

        var unnamed = _pipeline.Run(2, first, ["base.d/10-extra.yaml"]).Snapshot!;
        var unnamedAgain = _pipeline.Run(3, unnamed, ["base.d/10-extra.yaml"]).Snapshot!;
        Assert.False(unnamed.TryGetNode("e", out _));
        Assert.False(unnamedAgain.TryGetNode("e", out _));

        var named = _pipeline.Run(4, unnamedAgain, ["environments/development.yaml"]).Snapshot!;
        Assert.Equal(1, named.Get<int>("e"));
    }

    [Fact]
    public void A_missing_required_file_fails_every_run_given_the_changed_files()
    {
        _dir.Write("agents/scout.yaml", "role: scout\n");
        var pipeline = new ConfigurationPipeline(_manager.With("development", "scout"));
        var first = pipeline.Run(1).Snapshot!;
        File.Delete(Path.Combine(_dir.Path, "agents", "scout.yaml"));

        var gone = pipeline.Run(2, first, ["agents/scout.yaml"]);
        var again = pipeline.Run(3, first, ["base.d/10-extra.yaml"]);

        Assert.Null(gone.Snapshot);
        Assert.Contains(gone.Errors, e => e.File == "agents/scout.yaml");
        Assert.Null(again.Snapshot);
        Assert.Contains(again.Errors, e => e.File == "agents/scout.yaml");
    }

    [Fact]
    public void A_layer_handed_on_from_the_last_run_still_reports_its_migration()
    {
        _dir.Write("migrations/v1.0_to_v2.0.yaml", """
            from_version: "1.0"
            to_version: "2.0"
            description: Sections
            transformations:
              - operation: move
                source_path: a
                target_path: section.a
            """);
        _dir.Write("base.yaml", "config_version: \"1.0\"\na: 1\nb: 1\n");
        var first = _pipeline.Run(1);
        Assert.Equal(["base.yaml: 1.0 -> 2.0: Sections"], first.Migrations);

        _dir.Write("base.d/10-extra.yaml", "c: 2\n");
        var second = _pipeline.Run(2, first.Snapshot, ["base.d/10-extra.yaml"]);

        Assert.Equal(1, second.FilesParsed);
        Assert.Equal(2, second.Snapshot!.Get<int>("c"));
        Assert.Equal(1, second.Snapshot.Get<int>("section.a"));
        Assert.Equal(first.Migrations, second.Migrations);
    }

    [Fact]
    public void A_listed_file_that_vanishes_before_it_is_read_is_a_missing_layer_not_a_read_error()
    {
        var fileSystem = new VanishingFileSystem();
        var manager = new EnvironmentConfigManager(_dir.Path, new EnvironmentConfigOptions
        {
            Environment = "development",
            EnvironmentVariables = new Dictionary<string, string>(),
            TimeProvider = _time,
            FileSystem = fileSystem,
        });
        var pipeline = new ConfigurationPipeline(manager);
        var first = pipeline.Run(1).Snapshot!;

        fileSystem.Vanishing = Path.Combine(_dir.Path, "base.d", "10-extra.yaml");
        var second = pipeline.Run(2, first, ["base.d/10-extra.yaml"]);

        Assert.Empty(second.Errors);
        Assert.False(second.Snapshot!.TryGetNode("c", out _));
        Assert.Equal(1, second.Snapshot.Get<int>("a"));
        Assert.Contains("base.d/10-extra.yaml", second.ChangedFiles);
    }

    [Fact]
    public void A_listed_file_that_vanishes_before_a_full_run_reads_it_is_a_missing_layer()
    {
        var fileSystem = new VanishingFileSystem { Vanishing = Path.Combine(_dir.Path, "base.d", "10-extra.yaml") };
        var manager = new EnvironmentConfigManager(_dir.Path, new EnvironmentConfigOptions
        {
            Environment = "development",
            EnvironmentVariables = new Dictionary<string, string>(),
            FileSystem = fileSystem,
        });

        var result = new ConfigurationPipeline(manager).Run(1);

        Assert.Empty(result.Errors);
        Assert.False(result.Snapshot!.TryGetNode("c", out _));
        Assert.Equal(["base.yaml"], result.Files);
    }

    /// <summary>The real file system, except that one file is there when asked about and gone when opened.</summary>
    private sealed class VanishingFileSystem : IConfigFileSystem
    {
        public string? Vanishing { get; set; }

        public bool FileExists(string path) => File.Exists(path);

        public bool DirectoryExists(string path) => Directory.Exists(path);

        public byte[] ReadAllBytes(string path, long maxBytes) =>
            path == Vanishing ? throw new FileNotFoundException("gone", path) : PhysicalConfigFileSystem.Instance.ReadAllBytes(path, maxBytes);

        public IEnumerable<string> EnumerateFiles(string directory) => PhysicalConfigFileSystem.Instance.EnumerateFiles(directory);
    }
}
