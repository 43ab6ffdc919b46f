using System.Diagnostics;
using Strata.Etcd.Instances;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Etcd.Watching;

namespace Strata.Etcd.Tests.Instances;

/// <summary>Instances that lose etcd or die: a killed process leaves the fleet when its lease expires; a cut-off one keeps serving and registers again.</summary>
public sealed class InstanceOutageTests(SingleNodeFixture etcd) : IClassFixture<SingleNodeFixture>
{
    private static string NewPrefix() => "/strata-instance-outage/" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_killed_watch_process_leaves_the_fleet_status_when_its_lease_expires()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Strata.Cli.exe" : "Strata.Cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "watch", "--etcd", etcd.Endpoints, "--prefix", prefix, "--env", "production", "--agent", "worker", "--instance", "doomed", "--format", "jsonl" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var record = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "doomed", r => r.Release == 1, "on release 1");
            Assert.Equal(process.Id, record.Pid);
            Assert.Equal(EtcdInstanceState.Applied, record.State);
        }
        finally
        {
            // SIGKILL: the process gets no chance to revoke its lease.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await FleetStatusProbe.WaitForAbsenceAsync(etcd.Options(prefix), "doomed");
    }

    [Fact]
    public async Task An_instance_cut_off_from_etcd_keeps_serving_and_registers_again_when_etcd_is_back()
    {
        var prefix = NewPrefix();
        using var publisher = new ReleasePublisher(etcd.Options(prefix));
        await publisher.PublishAsync(1);
        using var proxy = new TcpProxy(etcd.Cluster.Members[0].ClientPort);
        var options = proxy.InstanceOptions(prefix, "island");
        await using var node = await FleetNode.StartAsync(options);
        await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "island", r => r.Release == 1, "on release 1");
        var firstLease = node.Etcd.Instance!.Registration.LeaseId;

        proxy.Cut();
        await node.WaitForStateAsync(EtcdConnectionState.Disconnected);
        await FleetStatusProbe.WaitForAbsenceAsync(etcd.Options(prefix), "island");
        Assert.Equal(1, node.Release);
        await publisher.PublishAsync(2);

        proxy.Open();
        var back = await FleetStatusProbe.WaitForInstanceAsync(etcd.Options(prefix), "island", r => r.Release == 2, "back on release 2");
        Assert.Equal(EtcdInstanceState.Applied, back.State);
        Assert.Equal(2, node.Release);
        Assert.True(node.Etcd.Instance.Registration.Registrations >= 2);
        Assert.NotEqual(firstLease, node.Etcd.Instance.Registration.LeaseId);
    }
}
