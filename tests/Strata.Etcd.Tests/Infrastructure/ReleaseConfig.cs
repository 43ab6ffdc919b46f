using System.Globalization;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>
/// A config directory whose every layer carries the release number it was written for, so a load that mixed
/// two releases shows up as layers that disagree.
/// </summary>
internal static class ReleaseConfig
{
    public static void Write(TempDir dir, int release)
    {
        var n = release.ToString(CultureInfo.InvariantCulture);
        dir.Write("base.yaml", $"marker: {n}\nbase_marker: {n}\nservice:\n  name: fleet\n  port: {8000 + release}\n");
        dir.Write("environments/production.yaml", $"env_marker: {n}\nservice:\n  replicas: {release % 7 + 1}\n");
        dir.Write("agents/worker.yaml", $"agent_marker: {n}\n");
    }

    /// <summary>The release a loaded snapshot shows; throws when its layers come from different releases.</summary>
    public static long ReleaseOf(Strata.Snapshots.ConfigSnapshot snapshot)
    {
        var markers = new[] { "base_marker", "env_marker", "agent_marker" }
            .Where(snapshot.Contains)
            .Select(k => snapshot.Get<long>(k))
            .Distinct()
            .ToList();
        return markers.Count == 1 ? markers[0] : throw new InvalidOperationException("torn configuration: markers " + string.Join(", ", markers));
    }
}
