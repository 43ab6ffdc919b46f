using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Strata.Extensions.Configuration.Tests.Options;
using Strata.Extensions.Configuration.Tests.Support;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;
using Strata.Snapshots;
using Strata.Validation;

namespace Strata.Extensions.Configuration.Tests.Hosting;

/// <summary>Dependency injection and the generic host: what is registered, who owns the reloader, when watching runs.</summary>
public sealed class HostingTests : IDisposable
{
    private static readonly Dictionary<string, string> NoVariables = [];
    private readonly TestDir _dir = TestDir.CopyOf(TestDir.SampleConfig);
    private readonly List<HostApplicationBuilder> _builders = [];

    public void Dispose()
    {
        // A host does not always dispose its configuration (and the Strata provider in it): do it here, so no test
        // leaves a watcher behind.
        foreach (var builder in _builders)
        {
            builder.Configuration.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task AddStrata_on_services_registers_everything_and_watching_follows_the_host()
    {
        var builder = NewHostBuilder();
        builder.Services.AddStrata(_dir.Path, o => o.Environment = "testing");
        using var host = builder.Build();
        var reloader = host.Services.GetRequiredService<ConfigurationHotReloader>();
        Assert.Same(reloader.Manager, host.Services.GetRequiredService<EnvironmentConfigManager>());
        Assert.False(reloader.IsMonitoring);

        await host.StartAsync();
        Assert.True(reloader.IsMonitoring);
        var accessor = host.Services.GetRequiredService<IConfigSnapshotAccessor>();
        Assert.Equal(6380, accessor.Current.Get<int>("redis.port"));
        Assert.Equal("testing", accessor.Current.Environment);

        _dir.Replace("environments/testing.yaml", "  port: 6380\n", "  port: 6381\n");
        Assert.Equal(6381, (await reloader.WaitForVersionAsync(2).WaitAsync(EventQueue<int>.Patience)).Get<int>("redis.port"));
        Assert.Equal(2, accessor.Current.Version);

        await host.StopAsync();
        Assert.False(reloader.IsMonitoring);
        Assert.Equal(6381, accessor.Current.Get<int>("redis.port"));
    }

    [Fact]
    public async Task The_host_builder_one_liner_shares_one_reloader_between_configuration_and_services()
    {
        var builder = NewHostBuilder();
        builder.AddStrata(_dir.Path, o => o.Environment = "development");
        builder.Services.AddStrataOptions<RedisSettings>("redis");
        using var host = builder.Build();
        var provider = ((IConfigurationRoot)builder.Configuration).Providers.OfType<StrataConfigurationProvider>().Single();
        var reloader = host.Services.GetRequiredService<ConfigurationHotReloader>();
        Assert.Same(provider.Reloader, reloader);
        Assert.True(reloader.IsMonitoring);

        await host.StartAsync();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<RedisSettings>>();
        var changed = new EventQueue<int>();
        using var onChange = monitor.OnChange(o => changed.Add(o.Port));
        Assert.Equal("6379", configuration["redis:port"]);
        Assert.Equal(6379, monitor.CurrentValue.Port);

        _dir.Replace("base.yaml", "  port: 6379\n", "  port: 6385\n");
        Assert.Equal(6385, await changed.NextAsync());
        Assert.Equal("6385", configuration["redis:port"]);
        Assert.Equal(2, host.Services.GetRequiredService<IConfigSnapshotAccessor>().Current.Version);
        Assert.Equal(2, reloader.GetStatistics().CurrentVersion);

        await host.StopAsync();
        Assert.False(reloader.IsMonitoring);
    }

    [Fact]
    public async Task AddStrata_with_a_configuration_shares_its_reloader()
    {
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddStrata(_dir.Path, o => o.Environment = "staging").Build();
        var services = new ServiceCollection().AddStrata(configuration, _dir.Path);
        await using var provider = services.BuildServiceProvider();
        Assert.Same(configuration.Providers.OfType<StrataConfigurationProvider>().Single().Reloader, provider.GetRequiredService<ConfigurationHotReloader>());
        Assert.Same(provider.GetRequiredService<ConfigurationHotReloader>().Notifications, provider.GetRequiredService<ConfigurationNotificationManager>());
        Assert.Equal("redis.staging.internal", provider.GetRequiredService<IConfigSnapshotAccessor>().Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task A_configuration_manager_that_rebuilds_its_providers_keeps_the_one_shared_reloader()
    {
        using var configuration = new ConfigurationManager();
        configuration.AddStrata(_dir.Path, o => o.Environment = "development");
        await using var provider = new ServiceCollection().AddStrata(configuration).BuildServiceProvider();
        var reloader = provider.GetRequiredService<ConfigurationHotReloader>();
        var before = StrataProvider(configuration);

        // Anything but Add on Sources makes ConfigurationManager dispose and rebuild every provider.
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [new("extra", "1")] });
        var after = StrataProvider(configuration);
        Assert.NotSame(before, after);
        Assert.Same(reloader, after.Reloader);
        Assert.True(reloader.IsMonitoring);
        Assert.Equal("1", configuration["extra"]);

        var fired = new EventQueue<string?>();
        using var registration = ChangeToken.OnChange(((IConfiguration)configuration).GetReloadToken, () => fired.Add(configuration["redis:port"]));
        _dir.Replace("base.yaml", "  port: 6379\n", "  port: 6386\n");
        Assert.Equal("6386", await fired.NextAsync(v => v == "6386"));
        Assert.Equal(2, provider.GetRequiredService<IConfigSnapshotAccessor>().Current.Version);
    }

    [Fact]
    public void AddStrata_with_a_configuration_without_a_Strata_source_says_what_to_do()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([]).Build();
        var thrown = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddStrata(configuration));
        Assert.Contains("configuration.AddStrata(directory)", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStrata_twice_is_refused()
    {
        var services = new ServiceCollection().AddStrata(_dir.Path);
        Assert.Throws<InvalidOperationException>(() => services.AddStrata(_dir.Path));
    }

    [Fact]
    public void AddStrataOptions_without_AddStrata_says_what_to_do()
    {
        var services = new ServiceCollection();
        services.AddStrataOptions<RedisSettings>("redis");
        using var provider = services.BuildServiceProvider();
        var thrown = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<RedisSettings>>().Value);
        Assert.Contains("services.AddStrata(", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_configuration_stops_the_host_from_starting_with_the_error_located()
    {
        _dir.Replace("base.yaml", "max_steps: 1000\n", "max_steps: [1000\n");
        var builder = NewHostBuilder();
        builder.Services.AddStrata(_dir.Path);
        using var host = builder.Build();
        var thrown = await Assert.ThrowsAsync<ConfigurationLoadException>(() => host.StartAsync());
        Assert.Equal("base.yaml", thrown.Errors[0].File);
        Assert.True(thrown.Errors[0].Line > 0);
    }

    [Fact]
    public async Task ValidateOnStart_rejects_options_that_were_invalid_when_configuration_was_built()
    {
        // Without the sample's schema.yaml, only the options' own DataAnnotations know that port 0 is wrong.
        File.Delete(Path.Combine(_dir.Path, "schema.yaml"));
        _dir.Replace("base.yaml", "  port: 6379\n", "  port: 0\n");
        var builder = NewHostBuilder();
        builder.AddStrata(_dir.Path, o => o.Environment = "development");
        builder.Services.AddStrataOptions<RedisSettings>("redis");
        using var host = builder.Build();
        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(thrown.Failures, f => f.Contains("Port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snapshot_validators_registered_in_the_container_join_the_pipeline()
    {
        var builder = NewHostBuilder();
        builder.AddStrata(_dir.Path, o => o.Environment = "development");
        builder.Services.AddSingleton<IConfigSnapshotValidator>(new AtMost("population.max_population", 100));
        using var host = builder.Build();
        await host.StartAsync();
        var reloader = host.Services.GetRequiredService<ConfigurationHotReloader>();
        var events = new EventQueue<ReloadNotification>();
        using var subscription = reloader.AddNotificationCallback(events.Add);

        _dir.Replace("environments/development.yaml", "  max_population: 50\n", "  max_population: 500\n");
        var failed = await events.NextAsync(e => e.EventType == ReloadEvent.ConfigFailed);
        var error = Assert.Single(failed.Errors);
        Assert.Equal("environments/development.yaml", error.File);
        Assert.Equal("population.max_population", error.Path);
        Assert.Equal("50", host.Services.GetRequiredService<IConfiguration>()["population:max_population"]);
        await host.StopAsync();
    }

    [Fact]
    public void The_host_environment_is_the_Strata_environment_unless_set()
    {
        var builder = NewHostBuilder("Testing");
        builder.AddStrata(_dir.Path, o => o.Manager.EnvironmentVariables = NoVariables);
        Assert.Equal("6380", builder.Configuration["redis:port"]);

        var explicitly = NewHostBuilder("Testing");
        explicitly.AddStrata(_dir.Path, o =>
        {
            o.Manager.EnvironmentVariables = NoVariables;
            o.Environment = "staging";
        });
        Assert.Equal("redis.staging.internal", explicitly.Configuration["redis:host"]);

        var variable = NewHostBuilder("Testing");
        variable.AddStrata(_dir.Path, o => o.Manager.EnvironmentVariables = new Dictionary<string, string> { ["STRATA_ENVIRONMENT"] = "production" });
        Assert.Equal("redis.production.internal", variable.Configuration["redis:host"]);
    }

    [Fact]
    public void A_detection_variable_added_to_the_list_wins_over_the_host_environment()
    {
        var added = NewHostBuilder("Testing");
        added.AddStrata(_dir.Path, o =>
        {
            o.Manager.EnvironmentVariables = new Dictionary<string, string> { ["FARM_ENVIRONMENT"] = "staging" };
            o.Manager.EnvironmentDetectionVariables = ["FARM_ENVIRONMENT", .. EnvironmentConfigManager.EnvironmentVariableNames];
        });
        Assert.Equal("redis.staging.internal", added.Configuration["redis:host"]);

        var removed = NewHostBuilder("Testing");
        removed.AddStrata(_dir.Path, o =>
        {
            o.Manager.EnvironmentVariables = new Dictionary<string, string> { ["STRATA_ENVIRONMENT"] = "production" };
            o.Manager.EnvironmentDetectionVariables = ["FARM_ENVIRONMENT"];
        });
        Assert.Equal("6380", removed.Configuration["redis:port"]);
    }

    private static StrataConfigurationProvider StrataProvider(IConfigurationRoot configuration) =>
        configuration.Providers.OfType<StrataConfigurationProvider>().Single();

    private HostApplicationBuilder NewHostBuilder(string environment = "Development")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, ContentRootPath = _dir.Path });
        _builders.Add(builder);
        return builder;
    }

    private sealed class AtMost(string key, int limit) : IConfigSnapshotValidator
    {
        public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot) =>
            snapshot.TryGetNode(key, out var node) && snapshot.Get<int>(key) > limit
                ? [ConfigurationError.At(node.Origin, key, $"must be at most {limit}")]
                : [];
    }
}
