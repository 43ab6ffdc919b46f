namespace Strata.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_names_the_command_strata_whatever_the_host_process_is_called()
    {
        var (exit, output, error) = await CliRunner.RunAsync("--help");

        Assert.True(exit == 0, error);
        Assert.Contains("Usage:" + Environment.NewLine + "  strata [command] [options]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Strata.Cli", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_for_a_verb_shows_its_path_under_strata()
    {
        var (exit, output, error) = await CliRunner.RunAsync("show", "--help");

        Assert.True(exit == 0, error);
        Assert.Contains("  strata show [<DIR>] [options]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_informational_version()
    {
        var (exit, output, error) = await CliRunner.RunAsync("--version");

        Assert.True(exit == 0, error);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }
}
