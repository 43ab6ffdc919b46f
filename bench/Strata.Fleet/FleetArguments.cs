using System.Globalization;

namespace Strata.Fleet;

/// <summary>Command-line settings of the fleet benchmark; the first argument is the verb.</summary>
internal sealed record FleetArguments(
    string Verb,
    IReadOnlyList<int> Instances,
    int Releases,
    int Warmup,
    string? Endpoints,
    string Prefix,
    string Environment,
    string Agent,
    string? InstanceId,
    TimeSpan Gap,
    TimeSpan Quiet,
    int? SettleMs,
    TimeSpan Bake)
{
    public const string Compare = "compare";
    public const string Simulate = "simulate";
    public const string Rollout = "rollout";
    public const string Watcher = "watcher";
    public const string Floor = "floor";

    /// <summary>The reload settings of every Strata instance: the defaults, or the given <c>--settle-ms</c>.</summary>
    public Strata.Reload.ReloadOptions ReloadOptions() =>
        SettleMs is { } settle ? new() { SettleDelay = TimeSpan.FromMilliseconds(settle) } : new();

    public static FleetArguments Parse(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Compare;
        if (verb is not (Compare or Simulate or Rollout or Watcher or Floor))
        {
            throw new ArgumentException($"unknown verb '{verb}': use compare, simulate, rollout (or the child roles watcher, floor)");
        }

        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var simulate = verb == Simulate;
        var instances = (Value("--instances") ?? Value("--watchers") ?? (simulate ? "200" : verb == Rollout ? "20" : "5,20"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.Parse(n, CultureInfo.InvariantCulture))
            .ToList();
        if (instances.Count == 0 || instances.Exists(n => n < 1))
        {
            throw new ArgumentException("--instances takes one or more positive counts, such as 5,20");
        }

        return new FleetArguments(
            verb,
            instances,
            Int("--releases", simulate ? 10 : verb == Rollout ? 5 : 40),
            Int("--warmup", 3),
            Value("--etcd"),
            Value("--prefix") ?? "/strata-fleet-bench",
            Value("--env") ?? "production",
            Value("--agent") ?? "system_agent",
            Value("--instance"),
            TimeSpan.FromMilliseconds(Int("--gap-ms", 300)),
            TimeSpan.FromSeconds(Int("--quiet-s", 30)),
            Value("--settle-ms") is { } settle ? int.Parse(settle, CultureInfo.InvariantCulture) : null,
            TimeSpan.FromSeconds(Int("--bake-s", 2)));
    }
}
