using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Cli.Tests;

public sealed partial class DashboardVerbTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strata-dashboard-" + Guid.NewGuid().ToString("N")[..8]);

    public DashboardVerbTests() => CliRunner.CopyTree(CliRunner.SampleConfig, _dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_first_line_is_the_url_with_a_fresh_token_and_the_dashboard_serves_the_directory()
    {
        var (run, stop, stdout, stderr) = Start("dashboard", _dir, "--env", "testing", "--port", "0");
        var line = await stdout.WaitFor(_ => true, Patience);
        var match = FirstLine().Match(line);
        Assert.True(match.Success, line);
        var token = match.Groups["token"].Value;

        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(line["dashboard: ".Length..].Split('?')[0]), Timeout = Patience };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/snapshot")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var snapshot = JsonDocument.Parse(await client.GetStringAsync("api/snapshot")))
        {
            Assert.Equal("testing", snapshot.RootElement.GetProperty("environment").GetString());
        }

        using (var versions = JsonDocument.Parse(await client.GetStringAsync("api/versions")))
        {
            Assert.NotEqual(0, versions.RootElement[0].GetProperty("files").GetArrayLength());
        }

        Assert.Contains("<title>Strata dashboard</title>", await client.GetStringAsync("/"), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Patience));
        Assert.DoesNotContain("warning", stderr.ToString(), StringComparison.Ordinal);

        // Another run, another token.
        var (again, stopAgain, stdoutAgain, _) = Start("dashboard", _dir);
        var second = FirstLine().Match(await stdoutAgain.WaitFor(_ => true, Patience));
        Assert.True(second.Success);
        Assert.NotEqual(token, second.Groups["token"].Value);
        await stopAgain.CancelAsync();
        Assert.Equal(0, await again.WaitAsync(Patience));
    }

    [Fact]
    public async Task Binding_beyond_loopback_warns_that_the_token_is_the_only_guard()
    {
        var (run, stop, stdout, stderr) = Start("dashboard", _dir, "--bind", "0.0.0.0");
        Assert.Matches(FirstLine(), await stdout.WaitFor(_ => true, Patience));
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Patience));
        Assert.Contains("the token is the only guard", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bind", "somewhere")]
    [InlineData("--port", "70000")]
    [InlineData("--strategy", "sometimes")]
    public async Task A_bad_option_is_a_usage_error(string option, string value)
    {
        var (exit, _, error) = await CliRunner.RunAsync("dashboard", _dir, option, value);
        Assert.Equal(2, exit);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_configuration_exits_1_with_its_errors_and_serves_nothing()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "base.yaml"), "max_steps: [\n");
        var (exit, stdout, error) = await CliRunner.RunAsync("dashboard", _dir);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("base.yaml:", error, StringComparison.Ordinal);
    }

    private static (Task<int> Run, CancellationTokenSource Stop, LineWriter Out, StringWriter Error) Start(params string[] args)
    {
        var stdout = new LineWriter();
        var stderr = new StringWriter();
        var stop = new CancellationTokenSource();
        var context = new CliContext(stdout, stderr, new LineReader(), new Dictionary<string, string>(), Color: false);
        return (Task.Run(() => StrataCli.RunAsync(args, context, stop.Token)), stop, stdout, stderr);
    }

    [GeneratedRegex("^dashboard: http://127\\.0\\.0\\.1:[0-9]+/\\?token=(?<token>[0-9a-f]{48})$")]
    private static partial Regex FirstLine();
}
