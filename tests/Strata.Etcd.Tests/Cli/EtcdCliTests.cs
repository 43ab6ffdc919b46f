using System.Text.Json;
using Strata.Cli;
using Strata.Etcd.Tests.Infrastructure;

namespace Strata.Etcd.Tests.Cli;

/// <summary><c>strata publish</c>, <c>history</c> and <c>rollback</c>, run in process against a real etcd.</summary>
public sealed class EtcdCliTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-cli/" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var variables = new Dictionary<string, string> { ["USER"] = "tester" };
        var exit = await StrataCli.RunAsync(args, new CliContext(stdout, stderr, new StringReader(string.Empty), variables, Color: false));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Publish_history_and_rollback_round_trip()
    {
        var prefix = NewPrefix();
        using var dir = TempDir.CopyOf(TempDir.SampleConfig);

        var first = await Run("publish", dir.Path, "--etcd", etcd.Endpoints, "--prefix", prefix, "-m", "first");
        Assert.Equal((0, string.Empty), (first.Exit, first.Error));
        Assert.Matches($"^published release 1 to {prefix} \\(revision [0-9]+\\): 13 written, 0 deleted\n  written: agents/control_agent.yaml, ", first.Out.ReplaceLineEndings("\n"));

        var again = await Run("publish", dir.Path, "--etcd", etcd.Endpoints, "--prefix", prefix);
        Assert.Equal(0, again.Exit);
        Assert.Equal($"nothing to publish: {prefix} already holds this content as release 1", again.Out.Trim());

        dir.Write("base.yaml", File.ReadAllText(Path.Combine(TempDir.SampleConfig, "base.yaml")).Replace("max_steps: 1000", "max_steps: 2000", StringComparison.Ordinal));
        var second = await Run("publish", dir.Path, "--etcd", etcd.Endpoints, "--prefix", prefix, "--author", "ci-bot");
        Assert.Equal(0, second.Exit);
        Assert.Contains("published release 2", second.Out, StringComparison.Ordinal);
        Assert.Contains("  written: base.yaml", second.Out, StringComparison.Ordinal);

        var rollback = await Run("rollback", "--etcd", etcd.Endpoints, "--prefix", prefix, "--to", "1");
        Assert.Equal((0, string.Empty), (rollback.Exit, rollback.Error));
        Assert.StartsWith($"rolled back {prefix} to the content of release 1 as release 3 (revision ", rollback.Out, StringComparison.Ordinal);

        var text = await Run("history", "--etcd", etcd.Endpoints, "--prefix", prefix);
        Assert.Equal(0, text.Exit);
        var lines = text.Out.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith(" RELEASE  TIME", lines[0], StringComparison.Ordinal);
        Assert.Matches("^ +1  .*tester .*first$", lines[1]);
        Assert.Matches("^ +2  .*ci-bot", lines[2]);
        Assert.Matches("^ +3\\*  .*rollback to release 1$", lines[3]);

        var json = await Run("history", "--etcd", etcd.Endpoints, "--prefix", prefix, "--format", "json");
        using var document = JsonDocument.Parse(json.Out);
        var releases = document.RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], releases.Select(r => r.GetProperty("release").GetInt32()));
        Assert.True(releases[2].GetProperty("current").GetBoolean());
        Assert.Equal(1, releases[2].GetProperty("rolledBackFrom").GetInt32());
        Assert.Equal(releases[0].GetProperty("hash").GetString(), releases[2].GetProperty("hash").GetString());
        Assert.Contains("base.yaml", releases[0].GetProperty("files").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task An_invalid_directory_exits_1_with_one_line_per_error_and_writes_nothing()
    {
        var prefix = NewPrefix();
        using var dir = TempDir.CopyOf(TempDir.SampleConfig);
        dir.Write("agents/system_agent.yaml", "learning:\n  gamma: [0.9\n");

        var result = await Run("publish", dir.Path, "--etcd", etcd.Endpoints, "--prefix", prefix);

        Assert.Equal(1, result.Exit);
        var line = Assert.Single(result.Error.ReplaceLineEndings("\n").TrimEnd().Split('\n'));
        Assert.Matches("^agents/system_agent.yaml:[0-9]+:[0-9]+: ", line);
        Assert.Empty(result.Out);
        var history = await Run("history", "--etcd", etcd.Endpoints, "--prefix", prefix);
        Assert.Equal($"no releases under {prefix}", history.Out.Trim());
    }

    [Fact]
    public async Task A_dry_run_shows_the_change_and_writes_nothing()
    {
        var prefix = NewPrefix();
        var result = await Run("publish", TempDir.SampleConfig, "--etcd", etcd.Endpoints, "--prefix", prefix, "--dry-run");

        Assert.Equal(0, result.Exit);
        Assert.StartsWith($"would publish release 1 to {prefix}: 13 written, 0 deleted", result.Out, StringComparison.Ordinal);
        Assert.Equal("[]", (await Run("history", "--etcd", etcd.Endpoints, "--prefix", prefix, "--format", "json")).Out.Trim());
    }

    [Fact]
    public async Task Rolling_back_to_a_missing_release_exits_3()
    {
        var result = await Run("rollback", "--etcd", etcd.Endpoints, "--prefix", NewPrefix(), "--to", "7");

        Assert.Equal(3, result.Exit);
        Assert.StartsWith("strata: release 7 not found under /strata-cli/", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_etcd_exits_1_with_one_line()
    {
        var result = await Run("history", "--etcd", $"http://127.0.0.1:{FreePort.Next()}", "--prefix", "/p", "--timeout", "1s");

        Assert.Equal(1, result.Exit);
        var line = Assert.Single(result.Error.ReplaceLineEndings("\n").TrimEnd().Split('\n'));
        Assert.StartsWith("strata: cannot read the release history of /p: etcd at http://127.0.0.1:", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history", "--prefix", "/p")]
    [InlineData("history", "--etcd", "http://127.0.0.1:2379")]
    [InlineData("history", "--etcd", "ftp://x:1", "--prefix", "/p")]
    [InlineData("history", "--etcd", "http://127.0.0.1:2379", "--prefix", "/")]
    [InlineData("history", "--etcd", "http://127.0.0.1:2379", "--prefix", "/p", "--cert", "c.pem")]
    [InlineData("history", "--etcd", "http://127.0.0.1:2379", "--prefix", "/p", "--timeout", "soon")]
    [InlineData("rollback", "--etcd", "http://127.0.0.1:2379", "--prefix", "/p")]
    [InlineData("rollback", "--etcd", "http://127.0.0.1:2379", "--prefix", "/p", "--to", "0")]
    [InlineData("publish", "/no/such/dir", "--etcd", "http://127.0.0.1:2379", "--prefix", "/p")]
    public async Task Bad_command_lines_exit_2(params string[] args)
    {
        var result = await Run(args);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("strata: ", result.Error, StringComparison.Ordinal);
    }
}
