using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Hierarchy;

/// <summary>
/// Finds environment and agent layers that the live snapshot was built from and that are now gone (file or folder
/// deleted, renamed or unreadable). A reload without them would publish a smaller configuration that nobody asked
/// for, so each one is an error until it is back. A layer the live snapshot never had is not checked, and neither
/// is the environment layer once the environment has been switched (that is a fresh configuration).
/// </summary>
internal static class LiveLayerCheck
{
    /// <summary>
    /// One error per vanished layer, with the file it names relative to the config directory (the error itself names
    /// it as the file system does, e.g. an etcd key); empty when every live layer is still there.
    /// </summary>
    /// <param name="manager">The configuration being reloaded.</param>
    /// <param name="live">The published snapshot.</param>
    public static List<(string File, ConfigurationError Error)> Find(EnvironmentConfigManager manager, ConfigSnapshot live)
    {
        var errors = new List<(string File, ConfigurationError Error)>();
        if (string.Equals(live.Environment, manager.Environment, StringComparison.Ordinal))
        {
            Check(manager, live, LayerKind.Environment, "environments", manager.Environment, "switch environment", errors);
        }

        if (manager.Agent is { } agent && string.Equals(live.Agent, agent, StringComparison.Ordinal))
        {
            Check(manager, live, LayerKind.Agent, "agents", agent, "start without this agent", errors);
        }

        return errors;
    }

    private static void Check(EnvironmentConfigManager manager, ConfigSnapshot live, LayerKind kind, string folder, string name, string alternative, List<(string File, ConfigurationError Error)> errors)
    {
        var sources = live.Layers.Where(l => l.Kind == kind).Select(l => l.Source).ToList();
        if (sources.Count == 0)
        {
            return;
        }

        var fileSystem = manager.Options.FileSystem;
        var layerName = kind == LayerKind.Agent ? "agent" : "environment";
        var main = sources.FirstOrDefault(s => s.Count(c => c == '/') == 1);
        if (main is not null)
        {
            var exists = ConfigFileParser.Extensions.Any(extension => fileSystem.FileExists(Path.Combine(manager.ConfigDirectory, folder, name + extension)));
            if (!exists)
            {
                errors.Add((main, ConfigurationError.ForFile(SourceName(manager, main), $"the {layerName} layer file is missing; it was part of the live configuration (restore it, or {alternative})")));
            }

            return;
        }

        // The layer was made of fragments only: it has vanished when none is left.
        var fragments = Path.Combine(manager.ConfigDirectory, folder, name + ".d");
        var remaining = fileSystem.EnumerateFiles(fragments).Select(Path.GetFileName).OfType<string>().Any(n => ConfigFileParser.IsConfigFile(n) && !n.StartsWith('.'));
        if (!remaining)
        {
            errors.Add((sources[0], ConfigurationError.ForFile(SourceName(manager, sources[0]), $"the {layerName} layer is missing: no file is left in {folder}/{name}.d/; it was part of the live configuration (restore it, or {alternative})")));
        }
    }

    private static string SourceName(EnvironmentConfigManager manager, string relative) =>
        manager.Options.FileSystem.GetSourceName(Path.Combine(manager.ConfigDirectory, relative), relative);
}
