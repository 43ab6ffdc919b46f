using System.Globalization;

namespace Strata.Fleet;

/// <summary>Command-line settings of the fleet benchmark.</summary>
internal sealed record FleetArguments(string Role, int Watchers, int Releases, string? Endpoints, string Prefix, string Environment, string Agent)
{
    public static FleetArguments Parse(string[] args)
    {
        var role = args.Length > 0 && args[0] == "watcher" ? "watcher" : "coordinator";
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        return new FleetArguments(
            role,
            int.Parse(Value("--watchers") ?? "20", CultureInfo.InvariantCulture),
            int.Parse(Value("--releases") ?? "50", CultureInfo.InvariantCulture),
            Value("--etcd"),
            Value("--prefix") ?? "/strata-fleet-bench",
            Value("--env") ?? "production",
            Value("--agent") ?? "system_agent");
    }
}
