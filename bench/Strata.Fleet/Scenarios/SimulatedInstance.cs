using System.Diagnostics;
using Strata.Etcd;
using Strata.Fleet.Fleet;
using Strata.Fleet.Support;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Fleet.Scenarios;

/// <summary>
/// One instance of the simulated fleet, inside the simulating process: its own <see cref="EtcdConfiguration"/>
/// (its own connection and watch) and reloader from <see cref="EtcdConfiguration.CreateReloader"/> (its own lease and
/// instance record), exactly what one application process holds. It reports each snapshot's marker to a board.
/// </summary>
internal sealed class SimulatedInstance : IAsyncDisposable
{
    private readonly EtcdConfiguration _etcd;
    private readonly ConfigurationHotReloader _reloader;

    private SimulatedInstance(EtcdConfiguration etcd, ConfigurationHotReloader reloader)
    {
        _etcd = etcd;
        _reloader = reloader;
    }

    public static async Task<SimulatedInstance> StartAsync(FleetArguments arguments, string endpoints, string prefix, string id, ReportBoard board)
    {
        var etcd = await EtcdConfiguration.ConnectAsync(StrataWatcher.Options(arguments with { Endpoints = endpoints, Prefix = prefix }, id), StrataWatcher.ManagerOptions(arguments));
        var reloader = etcd.CreateReloader(arguments.ReloadOptions());
        reloader.AddNotificationCallback(n =>
        {
            if (n.NewSnapshot is { } snapshot && n.EventType is ReloadEvent.ConfigLoaded or ReloadEvent.ConfigReloaded)
            {
                board.Report(id, snapshot.Get<long>(ReleaseSource.MarkerKey), Stopwatch.GetTimestamp());
            }
        });
        await reloader.StartAsync();
        return new SimulatedInstance(etcd, reloader);
    }

    public async ValueTask DisposeAsync()
    {
        await _reloader.DisposeAsync();
        await _etcd.DisposeAsync();
    }
}
