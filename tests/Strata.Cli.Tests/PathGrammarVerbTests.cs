using System.Text.Json;
using Strata.Testing;

namespace Strata.Cli.Tests;

/// <summary>Every verb reads and prints paths in one grammar: a literal dotted key is `x.y`, the nested one x.y.</summary>
public sealed class PathGrammarVerbTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public PathGrammarVerbTests()
    {
        _dir.Write("base.yaml", "\"x.y\": 1\nx:\n  y: 2\n");
        _dir.Write("environments/development.yaml", "\"x.y\": 10\n");
        _dir.Write("environments/testing.yaml", "x:\n  y: 20\n");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Show_explain_prints_the_literal_and_the_nested_key_on_their_own_lines()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["show", _dir.Path, "--env", "testing", "--explain"]);
        Assert.True(exit == 0, error);
        Assert.Equal(
            ["# environment testing (set explicitly)", "`x.y`  1  <- base.yaml:1:8 [global]", "x.y    20  <- environments/testing.yaml:2:6 [environment]  (overrides 2 at base.yaml:3:6 [global])"],
            output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Show_explain_as_json_names_each_path_distinctly()
    {
        var (_, json, _) = await CliRunner.RunAsync(["show", _dir.Path, "--env", "testing", "--explain", "--format", "json"]);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["`x.y`", "x.y"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Theory]
    [InlineData("`x.y`", "1")]
    [InlineData("x.y", "20")]
    [InlineData("`x`.y", "20")]
    public async Task Get_reads_either_key(string key, string value)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["get", key, _dir.Path, "--env", "testing"]);
        Assert.True(exit == 0, error);
        Assert.Equal(value, output.Trim());
    }

    [Fact]
    public async Task Get_of_a_malformed_path_is_a_usage_error_saying_what_is_wrong()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["get", "x*y", _dir.Path]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("strata: 'x*y': '*' at position 2 cannot appear in a bare key; write the key in backticks", error.ReplaceLineEndings("\n").Split('\n')[0]);
    }

    [Fact]
    public async Task Get_of_an_absent_quoted_key_names_it_in_the_grammar()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["get", "`x.z`", _dir.Path]);
        Assert.Equal(3, exit);
        Assert.Equal("strata: key '`x.z`' not found", error.Trim());
    }

    [Fact]
    public async Task Set_takes_the_key_up_to_the_first_equals_sign_outside_backticks()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["get", "`a=b`.c", _dir.Path, "--set", "`a=b`.c=1", "--set", "`x.y`=5"]);
        Assert.True(exit == 0, error);
        Assert.Equal("1", output.Trim());
        Assert.Equal("5", (await CliRunner.RunAsync(["get", "`x.y`", _dir.Path, "--set", "`x.y`=5"])).Out.Trim());
        Assert.Equal("2", (await CliRunner.RunAsync(["get", "x.y", _dir.Path, "--set", "`x.y`=5"])).Out.Trim());
    }

    [Fact]
    public async Task Diff_prints_each_changed_path_in_the_grammar()
    {
        var (exit, text, error) = await CliRunner.RunAsync(["diff", _dir.Path, "--env", "development", "--to-env", "testing"]);
        Assert.True(exit == 0, error);
        Assert.Contains("~ `x.y`: 10 -> 1", text, StringComparison.Ordinal);
        Assert.Contains("~ x.y: 2 -> 20", text, StringComparison.Ordinal);
        var (_, json, _) = await CliRunner.RunAsync(["diff", _dir.Path, "--env", "development", "--to-env", "testing", "--format", "json"]);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["`x.y`", "x.y"], doc.RootElement.EnumerateArray().Select(c => c.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
    }
}
