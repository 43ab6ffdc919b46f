using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Reload;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Benchmarks.Reads;

/// <summary>
/// The same three layers for both systems: samples/config (base, environments/production,
/// agents/system_agent) written out as JSON into a temporary directory. Strata loads that directory
/// (it reads <c>base.json</c> like <c>base.yaml</c>); Microsoft.Extensions.Configuration adds the three
/// files with <c>reloadOnChange: true</c>, as an application would.
/// </summary>
public sealed class ReadFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ReadFixture(string directory, ConfigurationHotReloader reloader, IConfigurationRoot configuration, ServiceProvider services)
    {
        Directory = directory;
        Reloader = reloader;
        Configuration = configuration;
        _services = services;
        Monitor = services.GetRequiredService<IOptionsMonitor<RedisOptions>>();
    }

    public string Directory { get; }

    public ConfigurationHotReloader Reloader { get; }

    public ConfigSnapshot Snapshot => Reloader.Current;

    public IConfigurationRoot Configuration { get; }

    public IOptionsMonitor<RedisOptions> Monitor { get; }

    public static async Task<ReadFixture> CreateAsync()
    {
        var samples = FindSamples();
        var directory = Path.Combine(Path.GetTempPath(), "strata-reads-" + Guid.NewGuid().ToString("N")[..8]);
        string[] layers = ["base", "environments/production", "agents/system_agent"];
        foreach (var layer in layers)
        {
            var yaml = Path.Combine(samples, layer + ".yaml");
            var tree = ConfigFileParser.Parse(File.ReadAllBytes(yaml), layer + ".yaml", LayerKind.Global);
            var target = Path.Combine(directory, layer + ".json");
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, tree.ToJson(indented: true));
        }

        var manager = new EnvironmentConfigManager(directory, new EnvironmentConfigOptions
        {
            Environment = "production",
            Agent = "system_agent",
            EnvironmentVariables = new Dictionary<string, string>(),
        });
        var reloader = new ConfigurationHotReloader(manager, new ReloadOptions());
        await reloader.StartAsync().ConfigureAwait(false);

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(directory, "base.json"), optional: false, reloadOnChange: true)
            .AddJsonFile(Path.Combine(directory, "environments/production.json"), optional: false, reloadOnChange: true)
            .AddJsonFile(Path.Combine(directory, "agents/system_agent.json"), optional: false, reloadOnChange: true)
            .Build();
        var services = new ServiceCollection();
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection("redis"));
        return new ReadFixture(directory, reloader, configuration, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await Reloader.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
        (Configuration as IDisposable)?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindSamples()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "config");
                if (File.Exists(Path.Combine(candidate, "base.yaml")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("samples/config not found above " + AppContext.BaseDirectory + "; run from the repository");
    }
}
