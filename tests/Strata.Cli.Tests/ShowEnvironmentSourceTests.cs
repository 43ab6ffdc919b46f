using System.Text.Json;

namespace Strata.Cli.Tests;

/// <summary><c>show --explain</c> says which environment is in effect and what decided it.</summary>
public sealed class ShowEnvironmentSourceTests
{
    [Fact]
    public async Task Explain_names_the_variable_that_decided_the_environment()
    {
        var vars = new Dictionary<string, string> { ["ENV"] = "testing", ["ASPNETCORE_ENVIRONMENT"] = "production" };

        var (exit, output, error) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig, "--explain"], vars);

        Assert.True(exit == 0, error);
        Assert.Equal("# environment testing (from ENV)", output.ReplaceLineEndings("\n").Split('\n')[0]);
    }

    [Fact]
    public async Task Explain_says_when_no_variable_was_set_and_development_was_taken()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig, "--explain"], new Dictionary<string, string>());

        Assert.True(exit == 0, error);
        Assert.Equal(
            "# environment development (default: none of STRATA_ENVIRONMENT, ENVIRONMENT, ENV, DOTNET_ENVIRONMENT, ASPNETCORE_ENVIRONMENT is set)",
            output.ReplaceLineEndings("\n").Split('\n')[0]);
    }

    [Fact]
    public async Task Explain_says_an_environment_given_with_env_was_set_explicitly()
    {
        var (_, output, _) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig, "--env", "production", "--explain"], new Dictionary<string, string> { ["STRATA_ENVIRONMENT"] = "testing" });

        Assert.Equal("# environment production (set explicitly)", output.ReplaceLineEndings("\n").Split('\n')[0]);
    }

    [Fact]
    public async Task Explain_as_json_keeps_the_array_on_stdout_and_says_the_environment_on_stderr()
    {
        var (exit, json, error) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig, "--explain", "--format", "json"], new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Staging" });

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal("# environment staging (from DOTNET_ENVIRONMENT)", error.Trim());
    }

    [Fact]
    public async Task Show_without_explain_prints_no_environment_line()
    {
        var (_, output, error) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig], new Dictionary<string, string>());

        Assert.DoesNotContain("# environment", output + error, StringComparison.Ordinal);
    }
}
