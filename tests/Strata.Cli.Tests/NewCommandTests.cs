using Strata.Testing;

namespace Strata.Cli.Tests;

public sealed class NewCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public NewCommandTests() => _dir.Write("base.yaml", "redis:\n  host: localhost\n  port: 6379\n");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("environment", "environments")]
    [InlineData("agent", "agents")]
    public async Task New_creates_the_layer_file_and_its_folder_with_a_commented_header(string kind, string folder)
    {
        var (exit, output, error) = await CliRunner.RunAsync("new", kind, "canary", _dir.Path);

        Assert.True(exit == 0, error);
        var file = Path.Combine(_dir.Path, folder, "canary.yaml");
        Assert.Equal($"created {_dir.Path}/{folder}/canary.yaml", output.Trim());
        var lines = File.ReadAllLines(file);
        Assert.StartsWith($"# {(kind == "agent" ? "Agent" : "Environment")} layer: canary", lines[0], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.StartsWith("#", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("override", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(kind == "agent" ? "--agent canary" : "--env canary", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir.Path, folder), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_new_environment_loads_and_is_discovered()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("new", "environment", "staging", _dir.Path)).Exit);
        Assert.Equal(0, (await CliRunner.RunAsync("new", "agent", "planner", _dir.Path)).Exit);

        var (exit, output, error) = await CliRunner.RunAsync("get", "redis.port", _dir.Path, "--env", "staging", "--agent", "planner");
        Assert.True(exit == 0, error);
        Assert.Equal("6379", output.Trim());
        Assert.Equal("staging", (await CliRunner.RunAsync("envs", _dir.Path)).Out.Trim());
        Assert.Equal("planner", (await CliRunner.RunAsync("agents", _dir.Path)).Out.Trim());
    }

    [Theory]
    [InlineData("staging.yaml")]
    [InlineData("staging.yml")]
    [InlineData("staging.json")]
    public async Task New_refuses_to_overwrite_a_layer_file_in_any_extension(string existing)
    {
        var path = _dir.Write("environments/" + existing, "max_steps: 5\n");

        var (exit, _, error) = await CliRunner.RunAsync("new", "environment", "staging", _dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal($"strata: '{_dir.Path}/environments/{existing}' already exists; not overwritten", error.Trim());
        Assert.Equal("max_steps: 5\n", File.ReadAllText(path));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "environments", "staging.yaml")) && existing != "staging.yaml");
    }

    [Theory]
    [InlineData("environment", "../escape")]
    [InlineData("environment", "a/b")]
    [InlineData("agent", "with space")]
    [InlineData("agent", "back\\slash")]
    [InlineData("agent", "..")]
    public async Task New_rejects_a_name_the_manager_would_reject_as_a_usage_error(string kind, string name)
    {
        var (exit, _, error) = await CliRunner.RunAsync("new", kind, name, _dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal($"strata: invalid {kind} name '{name}': use letters, digits, '_', '-' or '.', and no '/', '\\' or '..'", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, kind == "agent" ? "agents" : "environments")));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_in_a_missing_directory_is_a_usage_error()
    {
        var missing = Path.Combine(_dir.Path, "nope");

        var (exit, _, error) = await CliRunner.RunAsync("new", "agent", "planner", missing);

        Assert.Equal(2, exit);
        Assert.Equal($"strata: config directory '{missing}' does not exist", error.Trim());
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task New_without_a_name_is_a_usage_error()
    {
        var (exit, _, error) = await CliRunner.RunAsync("new", "environment");

        Assert.Equal(2, exit);
        Assert.Contains("Required argument missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_where_the_layer_folder_cannot_be_created_reports_one_line_with_exit_1()
    {
        _dir.Write("agents", "a file where the folder should be\n");

        var (exit, _, error) = await CliRunner.RunAsync("new", "agent", "planner", _dir.Path);

        Assert.Equal(1, exit);
        Assert.StartsWith("agents/planner.yaml:1:1: cannot create the agent layer: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
