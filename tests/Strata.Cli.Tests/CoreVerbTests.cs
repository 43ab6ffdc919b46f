using System.Text.Json;

namespace Strata.Cli.Tests;

public class CoreVerbTests
{
    [Fact]
    public async Task Show_explain_lists_every_key_with_its_origin()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig, "--env", "production", "--agent", "system_agent", "--explain"]);
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("learning.learning_rate", StringComparison.Ordinal) && l.Contains("agents/system_agent.yaml:8:18 [agent]", StringComparison.Ordinal) && l.Contains("overrides 0.001 at base.yaml", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("max_steps", StringComparison.Ordinal) && l.Contains("environments/production.yaml:2:12", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("redis.password", StringComparison.Ordinal) && l.Contains("***", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_explain_masks_what_a_secret_overrides_even_where_that_layer_did_not_tag_it()
    {
        using var dir = new Strata.Testing.TempDirectory("strata-explain-");
        dir.Write("base.yaml", "vault:\n  token: plain-devpass\n");
        dir.Write("environments/development.yaml", "vault:\n  token: !secret tagged-prodpass\n");
        foreach (var format in new[] { "yaml", "json" })
        {
            var (exit, output, _) = await CliRunner.RunAsync(["show", dir.Path, "--explain", "--format", format]);
            Assert.Equal(0, exit);
            Assert.Contains("vault.token", output, StringComparison.Ordinal);
            Assert.DoesNotContain("devpass", output, StringComparison.Ordinal);
            Assert.DoesNotContain("prodpass", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Show_prints_yaml_and_json_with_secrets_masked_unless_asked()
    {
        var vars = new Dictionary<string, string> { ["REDIS_PASSWORD"] = "hunter2" };
        var (_, yaml, _) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig], vars);
        Assert.Contains("password: '***'", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", yaml, StringComparison.Ordinal);
        var (_, json, _) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig, "--format", "json"], vars);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(6379, doc.RootElement.GetProperty("redis").GetProperty("port").GetInt32());
        Assert.Equal("***", doc.RootElement.GetProperty("redis").GetProperty("password").GetString());
        var (_, clear, _) = await CliRunner.RunAsync(["show", CliRunner.SampleConfig, "--show-secrets"], vars);
        Assert.Contains("hunter2", clear, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_follows_the_documented_precedence()
    {
        Assert.Equal("6380", (await CliRunner.RunAsync(["get", "redis.port", CliRunner.SampleConfig, "--env", "testing"])).Out.Trim());
        var env = new Dictionary<string, string> { ["STRATA__REDIS__PORT"] = "7000" };
        Assert.Equal("7000", (await CliRunner.RunAsync(["get", "redis.port", CliRunner.SampleConfig, "--env", "testing"], env)).Out.Trim());
        Assert.Equal("7001", (await CliRunner.RunAsync(["get", "redis.port", CliRunner.SampleConfig, "--env", "testing", "--set", "redis.port=7001"], env)).Out.Trim());
        Assert.Equal("staging", (await CliRunner.RunAsync(["get", "redis.host", CliRunner.SampleConfig], new Dictionary<string, string> { ["STRATA_ENVIRONMENT"] = "staging" })).Out.Trim().Split('.')[1]);
    }

    [Fact]
    public async Task Get_exit_codes()
    {
        var missing = await CliRunner.RunAsync(["get", "no.such.key", CliRunner.SampleConfig]);
        Assert.Equal(3, missing.Exit);
        Assert.Contains("not found", missing.Error, StringComparison.Ordinal);
        var badPath = await CliRunner.RunAsync(["get", "redis..port", CliRunner.SampleConfig]);
        Assert.Equal(2, badPath.Exit);
        var badSet = await CliRunner.RunAsync(["get", "redis.port", CliRunner.SampleConfig, "--set", "redis..port=1"]);
        Assert.Equal(1, badSet.Exit);
        Assert.StartsWith("cli: ", badSet.Error, StringComparison.Ordinal);
        var section = await CliRunner.RunAsync(["get", "redis", CliRunner.SampleConfig]);
        Assert.Contains("port: 6379", section.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_2_without_a_stack_trace()
    {
        foreach (var args in new[] { new[] { "bogus" }, ["show", "--format", "xml", CliRunner.SampleConfig], ["show", "/no/such/dir"], ["diff", CliRunner.SampleConfig] })
        {
            var (exit, _, error) = await CliRunner.RunAsync(args);
            Assert.Equal(2, exit);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public async Task A_broken_config_exits_1_with_file_line_column_on_stderr()
    {
        var dir = Path.Combine(Path.GetTempPath(), "strata-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(dir, "environments"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "base.yaml"), "a: 1\nb: [1,\n");
            await File.WriteAllTextAsync(Path.Combine(dir, "environments", "development.yaml"), "x: ${UNSET_VARIABLE_FOR_TEST}\n");
            var (exit, output, error) = await CliRunner.RunAsync(["show", dir]);
            Assert.Equal(1, exit);
            Assert.Empty(output);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches(@"^base\.yaml:\d+:\d+: YAML syntax error", line);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Envs_agents_and_diff()
    {
        Assert.Equal("development\nproduction\nstaging\ntesting", (await CliRunner.RunAsync(["envs", CliRunner.SampleConfig])).Out.Trim().ReplaceLineEndings("\n"));
        Assert.Equal("control_agent\nindependent_agent\nsystem_agent", (await CliRunner.RunAsync(["agents", CliRunner.SampleConfig])).Out.Trim().ReplaceLineEndings("\n"));
        var (exit, diff, _) = await CliRunner.RunAsync(["diff", CliRunner.SampleConfig, "--env", "development", "--to-env", "testing"]);
        Assert.Equal(0, exit);
        Assert.Contains("~ redis.port: 6379 -> 6380", diff, StringComparison.Ordinal);
        Assert.Contains("+ population.system_agents", diff.Replace("~ population.system_agents", "+ population.system_agents", StringComparison.Ordinal), StringComparison.Ordinal);
        var (_, json, _) = await CliRunner.RunAsync(["diff", CliRunner.SampleConfig, "--env", "development", "--to-env", "testing", "--format", "json"]);
        using var doc = JsonDocument.Parse(json);
        var port = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("path").GetString() == "redis.port");
        Assert.Equal("modified", port.GetProperty("kind").GetString());
        Assert.Equal(6379, port.GetProperty("old").GetInt32());
        Assert.Equal(6380, port.GetProperty("new").GetInt32());
    }
}
