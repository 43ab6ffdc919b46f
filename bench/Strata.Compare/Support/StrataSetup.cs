using Strata.Hierarchy;
using Strata.Reload;
using Strata.Validation;

namespace Strata.Compare.Support;

/// <summary>Builds a Strata hot reloader over a config directory, isolated from the process environment.</summary>
internal static class StrataSetup
{
    public static EnvironmentConfigManager Manager(string directory, IConfigSnapshotValidator? validator = null) =>
        new(directory, new EnvironmentConfigOptions
        {
            Environment = "development",
            EnvironmentVariables = new Dictionary<string, string>(),
            Validator = validator,
        });

    public static async Task<ConfigurationHotReloader> StartAsync(string directory, ReloadOptions options, IConfigSnapshotValidator? validator = null)
    {
        var reloader = new ConfigurationHotReloader(Manager(directory, validator), options);
        await reloader.StartAsync().ConfigureAwait(false);
        return reloader;
    }
}
