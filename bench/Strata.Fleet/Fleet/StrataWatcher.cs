using Strata.Etcd;
using Strata.Fleet.Support;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Fleet.Fleet;

/// <summary>
/// One Strata instance of the fleet, as an application runs it: <see cref="EtcdConfiguration.ConnectAsync"/> and
/// <see cref="EtcdConfiguration.CreateReloader"/>, which also registers <c>{prefix}/instances/{id}</c> on a lease. It
/// prints <c>release N</c> on stdout each time the application sees a new snapshot (from the reloader's notification
/// callback, as an application would).
/// </summary>
internal static class StrataWatcher
{
    public static async Task<int> RunAsync(FleetArguments arguments)
    {
        await using var etcd = await EtcdConfiguration.ConnectAsync(Options(arguments, arguments.InstanceId), ManagerOptions(arguments));
        await using var reloader = etcd.CreateReloader(arguments.ReloadOptions());
        var output = Console.Out;
        reloader.AddNotificationCallback(n =>
        {
            if (n.NewSnapshot is { } snapshot && n.EventType is ReloadEvent.ConfigLoaded or ReloadEvent.ConfigReloaded)
            {
                lock (output)
                {
                    output.WriteLine($"release {snapshot.Get<long>(ReleaseSource.MarkerKey)}");
                    output.Flush();
                }
            }
        });
        await reloader.StartAsync();

        // Runs until the coordinator closes stdin (or kills the process).
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>The connection settings of one instance: default instance TTL, a patient request timeout (a whole fleet starting at once on a small machine is slow to get its first answer).</summary>
    public static EtcdOptions Options(FleetArguments arguments, string? instanceId) =>
        new EtcdOptions { Prefix = arguments.Prefix, RequestTimeout = TimeSpan.FromSeconds(60), InstanceId = instanceId }
            .WithEndpoints(arguments.Endpoints ?? throw new ArgumentException("--etcd is required"));

    /// <summary>The environment and agent every instance loads, without process environment variables.</summary>
    public static EnvironmentConfigOptions ManagerOptions(FleetArguments arguments) => new()
    {
        Environment = arguments.Environment,
        Agent = arguments.Agent,
        EnvironmentVariablePrefix = null,
        EnvironmentVariables = new Dictionary<string, string>(),
    };
}
