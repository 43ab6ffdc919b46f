using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Strata.Cli;
using Strata.Etcd.Tests.Infrastructure;

namespace Strata.Etcd.Tests.Cli;

/// <summary><c>strata show --etcd</c> and <c>strata watch --etcd</c> against a real etcd.</summary>
public sealed class EtcdReadingCliTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string NewPrefix() => "/strata-read/" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await StrataCli.RunAsync(args, new CliContext(stdout, stderr, new StringReader(string.Empty), new Dictionary<string, string> { ["USER"] = "tester" }, Color: false));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Show_reads_the_published_release_with_etcd_provenance()
    {
        var prefix = NewPrefix();
        Assert.Equal(0, (await Run("publish", TempDir.SampleConfig, "--etcd", etcd.Endpoints, "--prefix", prefix)).Exit);
        var (exit, output, error) = await Run("show", "--etcd", etcd.Endpoints, "--prefix", prefix, "--env", "testing", "--explain");
        Assert.Equal((0, string.Empty), (exit, error));
        var port = output.Split('\n').Single(l => l.StartsWith("redis.port", StringComparison.Ordinal));
        Assert.Matches($@"6380  <- etcd:{prefix}/environments/testing\.yaml@\d+:\d+:\d+ \[environment\]", port);
    }

    [Fact]
    public async Task Watch_follows_releases_as_jsonl()
    {
        var prefix = NewPrefix();
        using var dir = TempDir.CopyOf(TempDir.SampleConfig);
        Assert.Equal(0, (await Run("publish", dir.Path, "--etcd", etcd.Endpoints, "--prefix", prefix)).Exit);

        var stdout = new LineChannel();
        using var stop = new CancellationTokenSource();
        var context = new CliContext(stdout, new StringWriter(), new StringReader(string.Empty), new Dictionary<string, string>(), Color: false);
        var run = Task.Run(() => StrataCli.RunAsync(["watch", "--etcd", etcd.Endpoints, "--prefix", prefix, "--format", "jsonl"], context, stop.Token));
        Assert.Contains("\"config_loaded\"", await stdout.WaitFor(l => l.StartsWith('{')), StringComparison.Ordinal);

        dir.Write("base.yaml", File.ReadAllText(Path.Combine(TempDir.SampleConfig, "base.yaml")).Replace("seed: 42", "seed: 43", StringComparison.Ordinal));
        Assert.Equal(0, (await Run("publish", dir.Path, "--etcd", etcd.Endpoints, "--prefix", prefix)).Exit);
        using var reloaded = JsonDocument.Parse(await stdout.WaitFor(l => l.Contains("\"config_reloaded\"", StringComparison.Ordinal)));
        Assert.Equal(2, reloaded.RootElement.GetProperty("version").GetInt64());
        var change = reloaded.RootElement.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal("seed", change.GetProperty("path").GetString());
        Assert.Equal(43, change.GetProperty("new").GetInt32());

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Patience));
    }

    [Fact]
    public async Task Reload_statistics_show_the_etcd_connection_revision_and_lag()
    {
        var prefix = NewPrefix();
        Assert.Equal(0, (await Run("publish", TempDir.SampleConfig, "--etcd", etcd.Endpoints, "--prefix", prefix)).Exit);
        var options = new EtcdOptions { Prefix = prefix }.WithEndpoints(etcd.Endpoints);
        await using var fleet = await EtcdConfiguration.ConnectAsync(options, new Strata.Hierarchy.EnvironmentConfigOptions { EnvironmentVariables = new Dictionary<string, string>() });
        await using var reloader = new Strata.Reload.ConfigurationHotReloader(fleet.Manager, changeSource: fleet.ChangeSource);
        await reloader.StartAsync();
        var stats = reloader.GetStatistics();
        Assert.Equal("etcd", stats.WatcherMode);
        var status = Assert.IsType<Strata.Etcd.Watching.EtcdWatchStatistics>(stats.SourceStatus);
        Assert.True(status.Revision > 0);
        Assert.True(status.RevisionLag >= 0);
    }

    private sealed class LineChannel : TextWriter
    {
        private readonly StringBuilder _partial = new();
        private readonly Lock _gate = new();
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                if (value == '\n')
                {
                    _lines.Writer.TryWrite(_partial.ToString());
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(value);
                }
            }
        }

        public async Task<string> WaitFor(Func<string, bool> match)
        {
            using var cts = new CancellationTokenSource(Patience);
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
    }
}
