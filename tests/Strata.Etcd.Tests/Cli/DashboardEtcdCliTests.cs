using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Strata.Cli;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Tests.Instances;

namespace Strata.Etcd.Tests.Cli;

/// <summary><c>strata dashboard --etcd</c> in process against a real etcd: the fleet's configuration and the fleet view.</summary>
public sealed class DashboardEtcdCliTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    [Fact]
    public async Task The_dashboard_shows_the_fleets_configuration_and_instances_without_registering_itself()
    {
        var prefix = "/strata-dashboard-cli/" + Guid.NewGuid().ToString("N")[..8];
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var node = etcd.Options(prefix);
        node.InstanceId = "alpha";
        await using var alpha = await FleetNode.StartAsync(node);
        await FleetStatusProbe.WaitForAsync(etcd.Options(prefix), s => s.Instances.Count == 1 && s.Instances[0].Release == 1, "alpha on release 1");

        var stdout = new Lines();
        using var stop = new CancellationTokenSource();
        var context = new CliContext(stdout, TextWriter.Synchronized(new StringWriter()), new StringReader(string.Empty), new Dictionary<string, string> { ["USER"] = "tester" }, Color: false);
        var run = Task.Run(() => StrataCli.RunAsync(["dashboard", "--etcd", etcd.Endpoints, "--prefix", prefix, "--env", "production", "--agent", "worker"], context, stop.Token));
        try
        {
            var line = await stdout.NextAsync(FleetNode.Patience);
            Assert.StartsWith("dashboard: http://127.0.0.1:", line, StringComparison.Ordinal);
            using var client = new HttpClient { BaseAddress = new Uri(line["dashboard: ".Length..].Split('?')[0]), Timeout = FleetNode.Patience };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", line.Split("token=")[1]);

            using (var snapshot = JsonDocument.Parse(await client.GetStringAsync("api/snapshot")))
            {
                var marker = snapshot.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("path").GetString() == "base_marker");
                Assert.Equal(1, marker.GetProperty("value").GetInt32());
                Assert.StartsWith("etcd:", marker.GetProperty("origin").GetProperty("file").GetString(), StringComparison.Ordinal);
            }

            using (var fleet = JsonDocument.Parse(await client.GetStringAsync("api/fleet")))
            {
                Assert.Equal(1, fleet.RootElement.GetProperty("release").GetInt64());
                var instance = Assert.Single(fleet.RootElement.GetProperty("instances").EnumerateArray());
                Assert.Equal("alpha", instance.GetProperty("id").GetString());
            }

            using var status = JsonDocument.Parse(await client.GetStringAsync("api/status"));
            Assert.True(status.RootElement.GetProperty("fleet").GetBoolean());
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await run.WaitAsync(FleetNode.Patience));
    }

    /// <summary>Standard output whose lines can be awaited.</summary>
    private sealed class Lines : TextWriter
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
                    _lines.Writer.TryWrite(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(value);
                }
            }
        }

        public async Task<string> NextAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            return await _lines.Reader.ReadAsync(cts.Token);
        }
    }
}
