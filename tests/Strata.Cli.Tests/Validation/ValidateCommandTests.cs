using System.Text.Json;
using static Strata.Cli.Tests.Validation.ValidationCliKit;

namespace Strata.Cli.Tests.Validation;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Delete(dir);
        }
    }

    private string Faulty()
    {
        var dir = CopySample();
        _dirs.Add(dir);
        Write(dir, "environments/development.yaml", "# Development with a mistake\nmax_steps: lots\ndebug: true\n");
        Write(dir, "agents/system_agent.yaml", "learning:\n  learning_rate: 1.5\n  epsilon_start: 0.2\n  epsilon_min: 0.6\n");
        return dir;
    }

    [Fact]
    public async Task Sample_is_valid_for_every_environment_and_agent()
    {
        var (exit, output, error) = await Run("validate", SampleConfig, "--all-envs", "--all-agents");
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("12 of 12 configurations valid", output, StringComparison.Ordinal);
        Assert.Contains("valid    production/control_agent", output, StringComparison.Ordinal);
        Assert.Equal(0, (await Run("validate", SampleConfig, "--all-envs", "--all-agents", "--strict")).Exit);
    }

    [Fact]
    public async Task Three_faults_in_two_files_exit_1_with_each_file_and_line()
    {
        var (exit, output, error) = await Run("validate", Faulty(), "--env", "development", "--agent", "system_agent");
        Assert.Equal(1, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("environments/development.yaml:2:12: max_steps: expected int, found string 'lots'", lines);
        Assert.Contains("agents/system_agent.yaml:2:18: learning.learning_rate: must be at most 1, but is 1.5", lines);
        Assert.Contains(lines, l => l.StartsWith("agents/system_agent.yaml:4:16: learning.epsilon_min: epsilon_min must not exceed epsilon_start", StringComparison.Ordinal));
        Assert.Contains("invalid  development/system_agent: 3 errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_lists_every_problem_with_env_and_agent()
    {
        var (exit, output, _) = await Run("validate", Faulty(), "--all-envs", "--agent", "system_agent", "--format", "json");
        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(output);
        var items = document.RootElement.EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(
            ["agent", "column", "env", "file", "line", "message", "path", "severity"],
            i.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        var development = items.Where(i => i.GetProperty("env").GetString() == "development").ToList();
        Assert.Equal(3, development.Count);
        var type = development.Single(i => i.GetProperty("path").GetString() == "max_steps");
        Assert.Equal("environments/development.yaml", type.GetProperty("file").GetString());
        Assert.Equal(2, type.GetProperty("line").GetInt32());
        Assert.Equal(12, type.GetProperty("column").GetInt32());
        Assert.Equal("system_agent", type.GetProperty("agent").GetString());
        Assert.Equal("error", type.GetProperty("severity").GetString());
        Assert.Equal(2, items.Count(i => i.GetProperty("env").GetString() == "production"));
    }

    [Fact]
    public async Task Warnings_keep_exit_0_unless_strict()
    {
        var dir = CopySample();
        _dirs.Add(dir);
        Write(dir, "agents/control_agent.yaml", File.ReadAllText(Path.Combine(SampleConfig, "agents", "control_agent.yaml")) + "\nextra_setting: 1\n");
        var (exit, output, error) = await Run("validate", dir, "--env", "testing", "--agent", "control_agent");
        Assert.Equal(0, exit);
        Assert.Contains("warning: extra_setting: unknown key", error, StringComparison.Ordinal);
        Assert.Contains("(1 warning)", output, StringComparison.Ordinal);
        var strict = await Run("validate", dir, "--env", "testing", "--agent", "control_agent", "--strict");
        Assert.Equal(1, strict.Exit);
        Assert.DoesNotContain("warning:", strict.Error, StringComparison.Ordinal);

        var json = await Run("validate", dir, "--env", "testing", "--agent", "control_agent", "--format", "json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal("warning", document.RootElement[0].GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Errors_common_to_some_combinations_say_where()
    {
        var (_, _, error) = await Run("validate", Faulty(), "--all-envs", "--all-agents");
        var typeError = error.Split('\n').Single(l => l.Contains("max_steps: expected int", StringComparison.Ordinal));
        Assert.EndsWith("[development/control_agent, development/independent_agent, development/system_agent]", typeError.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_schema_fails_with_its_file_and_line()
    {
        var dir = CopySample();
        _dirs.Add(dir);
        Write(dir, "schema.yaml", "keys:\n  max_steps: {type: int, min: 10, max: 1}\n  seed: {type: integr}\n");
        var (exit, _, error) = await Run("validate", dir);
        Assert.Equal(1, exit);
        Assert.Contains("schema.yaml:2:", error, StringComparison.Ordinal);
        Assert.Contains("schema.yaml:3:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--env", "development", "--all-envs")]
    [InlineData("--agent", "control_agent", "--all-agents")]
    public async Task Conflicting_options_are_usage_errors(string option, string value, string all)
    {
        var (exit, _, error) = await Run("validate", SampleConfig, option, value, all);
        Assert.Equal(2, exit);
        Assert.Contains("not both", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_directory_format_and_agent()
    {
        Assert.Equal(2, (await Run("validate", Path.Combine(Path.GetTempPath(), "strata-no-such-" + Guid.NewGuid()))).Exit);
        Assert.Equal(2, (await Run("validate", SampleConfig, "--format", "xml")).Exit);
        var (exit, _, error) = await Run("validate", SampleConfig, "--agent", "robot_agent");
        Assert.Equal(1, exit);
        Assert.Contains("agent 'robot_agent' not found", error, StringComparison.Ordinal);
    }
}
