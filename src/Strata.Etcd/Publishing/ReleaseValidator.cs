using Strata.Hierarchy;
using Strata.Model;
using Strata.Sources;

namespace Strata.Etcd.Publishing;

/// <summary>
/// Loads a configuration tree for every environment, alone and with every agent, through the ordinary pipeline
/// (so every validator the pipeline runs applies), and collects the distinct errors.
/// </summary>
internal static class ReleaseValidator
{
    public static IReadOnlyList<ConfigurationError> Validate(string root, IConfigFileSystem fileSystem, EnvironmentConfigOptions template)
    {
        var options = template.Clone();
        options.FileSystem = fileSystem;
        options.Environment = null;
        options.Agent = null;
        var probe = new EnvironmentConfigManager(root, options);
        var errors = new List<ConfigurationError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string> environments;
        IReadOnlyList<string> agents;
        try
        {
            environments = probe.GetAvailableEnvironments();
            agents = probe.GetAvailableAgents();
        }
        catch (ConfigurationLoadException ex)
        {
            return ex.Errors;
        }

        if (environments.Count == 0)
        {
            environments = [EnvironmentConfigManager.DefaultEnvironment];
        }

        foreach (var environment in environments)
        {
            foreach (var agent in agents.Prepend(null))
            {
                IReadOnlyList<ConfigurationError> found;
                try
                {
                    found = probe.With(environment, agent).TryLoad().Errors;
                }
                catch (ConfigurationLoadException ex)
                {
                    found = ex.Errors;
                }

                foreach (var error in found.Where(e => e.Severity == ErrorSeverity.Error))
                {
                    if (seen.Add(error.ToString()))
                    {
                        errors.Add(error);
                    }
                }
            }
        }

        return errors;
    }
}
