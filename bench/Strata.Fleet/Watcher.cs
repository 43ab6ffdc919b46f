using Strata.Etcd;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Fleet;

/// <summary>
/// One instance of the fleet: a hot reloader over the etcd prefix. It prints <c>release N</c> on stdout each time
/// the application sees a new snapshot (from the reloader's notification callback, as an application would).
/// </summary>
internal static class Watcher
{
    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        // A whole fleet starting at once on a small machine is slow to get its first answer; be patient.
        var options = new EtcdOptions { Prefix = arguments.Prefix, RequestTimeout = TimeSpan.FromSeconds(60) }.WithEndpoints(arguments.Endpoints ?? throw new ArgumentException("--etcd is required"));
        var managerOptions = new EnvironmentConfigOptions
        {
            Environment = arguments.Environment,
            Agent = arguments.Agent,
            EnvironmentVariablePrefix = null,
            EnvironmentVariables = new Dictionary<string, string>(),
        };
        await using var etcd = await EtcdConfiguration.ConnectAsync(options, managerOptions);
        await using var reloader = new ConfigurationHotReloader(etcd.Manager, new ReloadOptions(), etcd.ChangeSource);
        var output = Console.Out;
        reloader.AddNotificationCallback(n =>
        {
            if (n.NewSnapshot is { } snapshot && n.EventType is ReloadEvent.ConfigLoaded or ReloadEvent.ConfigReloaded)
            {
                lock (output)
                {
                    output.WriteLine($"release {snapshot.Get<long>(Coordinator.MarkerKey)}");
                    output.Flush();
                }
            }
        });
        await reloader.StartAsync();

        // Runs until the coordinator closes stdin (or kills the process).
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
