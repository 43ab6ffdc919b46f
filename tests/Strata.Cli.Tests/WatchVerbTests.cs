using System.Text.Json;

namespace Strata.Cli.Tests;

public sealed class WatchVerbTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strata-watch-" + Guid.NewGuid().ToString("N")[..8]);

    public WatchVerbTests() => CliRunner.CopyTree(CliRunner.SampleConfig, _dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Jsonl_prints_the_contract_objects()
    {
        var stdout = new LineWriter();
        using var stop = new CancellationTokenSource();
        var context = new CliContext(stdout, new StringWriter(), new LineReader(), new Dictionary<string, string>(), Color: false);
        var run = Task.Run(() => StrataCli.RunAsync(["watch", _dir, "--format", "jsonl"], context, stop.Token));

        using (var loaded = JsonDocument.Parse(await stdout.WaitFor(l => l.StartsWith('{'), Patience)))
        {
            Assert.Equal("config_loaded", loaded.RootElement.GetProperty("event").GetString());
            Assert.Equal(1, loaded.RootElement.GetProperty("version").GetInt64());
        }

        var dev = Path.Combine(_dir, "environments", "development.yaml");
        await File.WriteAllTextAsync(dev, (await File.ReadAllTextAsync(dev)).Replace("max_steps: 100", "max_steps: 200", StringComparison.Ordinal));
        using (var reloaded = JsonDocument.Parse(await stdout.WaitFor(l => l.Contains("\"config_reloaded\"", StringComparison.Ordinal), Patience)))
        {
            var root = reloaded.RootElement;
            Assert.Equal(2, root.GetProperty("version").GetInt64());
            Assert.Equal(["environments/development.yaml"], root.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
            var change = root.GetProperty("changes").EnumerateArray().Single();
            Assert.Equal("max_steps", change.GetProperty("path").GetString());
            Assert.Equal("modified", change.GetProperty("kind").GetString());
            Assert.Equal(100, change.GetProperty("old").GetInt32());
            Assert.Equal(200, change.GetProperty("new").GetInt32());
            Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
            Assert.EndsWith("Z", root.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        }

        // An editor's atomic save (write elsewhere, rename over), so the reload sees only the broken text.
        var temp = dev + ".tmp";
        await File.WriteAllTextAsync(temp, "max_steps: [\n");
        File.Move(temp, dev, overwrite: true);
        using (var failed = JsonDocument.Parse(await stdout.WaitFor(l => l.Contains("\"config_failed\"", StringComparison.Ordinal), Patience)))
        {
            Assert.Equal(2, failed.RootElement.GetProperty("version").GetInt64());
            var error = failed.RootElement.GetProperty("errors").EnumerateArray().Single();
            Assert.Equal("environments/development.yaml", error.GetProperty("file").GetString());
            Assert.True(error.GetProperty("line").GetInt32() >= 1);
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Patience));
    }

    [Fact]
    public async Task Notify_file_only_and_keys_filter_what_is_reported()
    {
        var stdout = new LineWriter();
        using var stop = new CancellationTokenSource();
        var notifyFile = Path.Combine(_dir, "notifications.log");
        var context = new CliContext(stdout, new StringWriter(), new LineReader(), new Dictionary<string, string>(), Color: false);
        var run = Task.Run(() => StrataCli.RunAsync(["watch", _dir, "--format", "jsonl", "--notify", "file", "--notify-file", notifyFile, "--only", "config_reloaded,config_failed", "--keys", "redis"], context, stop.Token));
        Assert.Contains("config_loaded", await stdout.WaitFor(l => l.StartsWith('{'), Patience), StringComparison.Ordinal);

        var dev = Path.Combine(_dir, "environments", "development.yaml");
        var text = await File.ReadAllTextAsync(dev);
        // Saved as editors do (write a temporary file, rename it over), so no reload reads a half-written file: a
        // config_failed passes every key filter and would be logged too.
        await SaveAtomically(dev, text.Replace("max_steps: 100", "max_steps: 150", StringComparison.Ordinal));
        await SaveAtomically(dev, text.Replace("max_steps: 100", "max_steps: 150", StringComparison.Ordinal).Replace("host: localhost", "host: cache.local", StringComparison.Ordinal));
        var line = await stdout.WaitFor(l => l.Contains("\"config_reloaded\"", StringComparison.Ordinal), Patience);
        Assert.Contains("redis.host", line, StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Patience));

        var logged = (await File.ReadAllLinesAsync(notifyFile)).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, l => Assert.Contains("redis.host", l, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(notifyFile));
        }
    }

    private static async Task SaveAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    [Fact]
    public async Task Unknown_event_or_channel_is_a_usage_error()
    {
        Assert.Equal(2, (await CliRunner.RunAsync(["watch", _dir, "--only", "config_exploded"])).Exit);
        Assert.Equal(2, (await CliRunner.RunAsync(["watch", _dir, "--notify", "pager"])).Exit);
        Assert.Equal(2, (await CliRunner.RunAsync(["watch", _dir, "--batch-delay", "soon"])).Exit);
    }

    [Fact]
    public async Task Manual_strategy_reads_commands_from_stdin()
    {
        var stdout = new LineWriter();
        var stdin = new LineReader();
        var context = new CliContext(stdout, new StringWriter(), stdin, new Dictionary<string, string>(), Color: false);
        var run = Task.Run(() => StrataCli.RunAsync(["watch", _dir, "--strategy", "manual"], context));
        await stdout.WaitFor(l => l.StartsWith("commands:", StringComparison.Ordinal), Patience);

        var dev = Path.Combine(_dir, "environments", "development.yaml");
        await File.WriteAllTextAsync(dev, (await File.ReadAllTextAsync(dev)).Replace("max_steps: 100", "max_steps: 300", StringComparison.Ordinal));
        await stdout.WaitFor(l => l.Contains("file_changed", StringComparison.Ordinal), Patience);
        stdin.Send("pending");
        Assert.Contains("environments/development.yaml", await stdout.WaitFor(l => l.StartsWith("pending", StringComparison.Ordinal), Patience), StringComparison.Ordinal);
        stdin.Send("reload");
        Assert.Contains("max_steps: 100 -> 300", await stdout.WaitFor(l => l.Contains("max_steps", StringComparison.Ordinal), Patience), StringComparison.Ordinal);
        stdin.Send("history");
        await stdout.WaitFor(l => l.StartsWith("v2", StringComparison.Ordinal) && l.Contains("(current)", StringComparison.Ordinal), Patience);
        stdin.Send("rollback 1");
        Assert.Contains("config_rolled_back v3", await stdout.WaitFor(l => l.Contains("config_rolled_back", StringComparison.Ordinal), Patience), StringComparison.Ordinal);
        stdin.Send("quit");
        Assert.Equal(0, await run.WaitAsync(Patience));
    }
}
