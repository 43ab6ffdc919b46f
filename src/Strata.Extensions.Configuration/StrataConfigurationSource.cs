using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Strata.Extensions.Configuration;

/// <summary>
/// An <see cref="IConfigurationSource"/> for a Strata config directory. Each provider it builds loads the directory
/// through the Strata pipeline, watches it, and republishes only validated snapshots.
/// </summary>
public sealed class StrataConfigurationSource : IConfigurationSource
{
    private readonly Lock _gate = new();
    private StrataRuntime? _runtime;

    /// <summary>Creates a source.</summary>
    /// <param name="configDirectory">
    /// The config directory. A relative path resolves against the builder's base path (<c>SetBasePath</c>, which ASP.NET
    /// Core sets to the content root), else against the application's base directory, like <c>AddJsonFile</c>.
    /// </param>
    /// <param name="options">Settings; defaults when null.</param>
    public StrataConfigurationSource(string configDirectory, StrataOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        ConfigDirectory = configDirectory;
        Options = options ?? new StrataOptions();
    }

    /// <summary>The config directory as given.</summary>
    public string ConfigDirectory { get; }

    /// <summary>The settings.</summary>
    public StrataOptions Options { get; }

    /// <summary>Resolves <see cref="ConfigDirectory"/> against a builder's base path.</summary>
    /// <param name="builder">The builder.</param>
    public string ResolveDirectory(IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Path.IsPathRooted(ConfigDirectory))
        {
            return Path.GetFullPath(ConfigDirectory);
        }

        var basePath = builder.GetFileProvider() is PhysicalFileProvider physical ? physical.Root : AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(basePath, ConfigDirectory));
    }

    /// <summary>
    /// Builds a provider. Every provider of this source shares one reloader, created on the first build: a
    /// <c>ConfigurationManager</c> that rebuilds its providers (when a source is inserted or removed) keeps the same
    /// versions and the services sharing them. Watching stops when the last provider is disposed.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        lock (_gate)
        {
            _runtime ??= new StrataRuntime(ResolveDirectory(builder), Options);
            return new StrataConfigurationProvider(_runtime, controlsWatching: true);
        }
    }
}
