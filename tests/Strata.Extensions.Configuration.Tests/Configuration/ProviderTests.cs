using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Strata.Extensions.Configuration.Tests.Support;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Extensions.Configuration.Tests.Configuration;

/// <summary>The IConfiguration provider on the sample configuration and on real, watched temporary directories.</summary>
public sealed class ProviderTests : IDisposable
{
    private readonly TestDir _dir = new();
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            item.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public void The_sample_configuration_reads_through_IConfiguration()
    {
        var config = Build(TestDir.SampleConfig, o => o.Environment = "development");

        Assert.Equal("6379", config["redis:port"]);
        Assert.Equal("100", config["max_steps"]);
        Assert.Equal("100", config["curriculum_phases:0:steps"]);
        Assert.Equal("share", config["curriculum_phases:1:enabled_actions:2"]);
        Assert.Equal("False", config["environment:wrap_around"]);
        Assert.Equal("0.95", config["learning:gamma"]);
        var phases = config.GetSection("curriculum_phases").Get<List<Phase>>()!;
        Assert.Equal(["foraging", "social", "full"], phases.Select(p => p.Name));
        Assert.Equal(-1, phases[2].Steps);
        Assert.Equal(["move", "gather", "share", "attack", "reproduce"], phases[2].EnabledActions);
        Assert.Equal([400, 400], config.GetSection("visualization:canvas_size").Get<int[]>()!);
        Assert.True(config.GetValue<bool>("redis:decode_responses"));
    }

    [Fact]
    public void Environment_and_agent_options_choose_the_layers()
    {
        var testing = Build(TestDir.SampleConfig, o => o.Environment = "testing");
        Assert.Equal("6380", testing["redis:port"]);
        Assert.Equal("50", testing["max_steps"]);

        var agent = Build(TestDir.SampleConfig, o =>
        {
            o.Environment = "production";
            o.Agent = "system_agent";
        });
        var provider = agent.Providers.OfType<StrataConfigurationProvider>().Single();
        Assert.Equal("system_agent", provider.Snapshot!.Agent);
        Assert.StartsWith("agents/system_agent", provider.Snapshot.Explain("agent_behavior.cooperation_bias").Winner.Source, StringComparison.Ordinal);
        Assert.Equal("redis.production.internal", agent["redis:host"]);
    }

    [Fact]
    public void A_relative_directory_resolves_against_the_base_path()
    {
        _dir.Write("config/base.yaml", "a: 1\n");
        var builder = new ConfigurationBuilder().SetBasePath(_dir.Path).AddStrata("config");
        var config = Track(builder.Build());
        Assert.Equal("1", config["a"]);
        Assert.Equal(Path.Combine(_dir.Path, "config"), config.Providers.OfType<StrataConfigurationProvider>().Single().Manager.ConfigDirectory);
    }

    [Fact]
    public void Start_up_on_a_malformed_file_throws_ConfigurationLoadException_naming_file_and_line()
    {
        _dir.Write("base.yaml", "a: 1\nb: [1, 2\n");
        var thrown = Assert.Throws<ConfigurationLoadException>(() => new ConfigurationBuilder().AddStrata(_dir.Path).Build());
        var error = thrown.Errors[0];
        Assert.Equal("base.yaml", error.File);
        Assert.True(error.Line >= 2, error.ToString());
        Assert.StartsWith("base.yaml:", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_without_base_yaml_throws_ConfigurationLoadException()
    {
        var thrown = Assert.Throws<ConfigurationLoadException>(() => new ConfigurationBuilder().AddStrata(_dir.Path).Build());
        Assert.Equal("base.yaml", thrown.Errors[0].File);
    }

    [Fact]
    public void Start_up_with_an_unknown_environment_throws_ConfigurationLoadException()
    {
        var thrown = Assert.Throws<ConfigurationLoadException>(() => new ConfigurationBuilder().AddStrata(TestDir.SampleConfig, o => o.Environment = "qa").Build());
        Assert.Contains("'qa' not found", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reload_token_fires_once_per_published_version_never_for_failed_or_identical_reloads()
    {
        _dir.Write("base.yaml", "a: 1\nb: x\n");
        var config = Track(new ConfigurationBuilder().AddStrata(_dir.Path).Build());
        var provider = config.Providers.OfType<StrataConfigurationProvider>().Single();
        var fired = new EventQueue<string?>();
        _cleanup.Add(ChangeToken.OnChange(config.GetReloadToken, () => fired.Add(config["a"])));
        var events = new EventQueue<ReloadNotification>();
        _cleanup.Add(provider.Reloader.AddNotificationCallback(events.Add));

        _dir.Write("base.yaml", "a: 2\nb: x\n");
        Assert.Equal("2", await fired.NextAsync());
        Assert.Equal(2, (await events.NextAsync(e => e.EventType == ReloadEvent.ConfigReloaded)).Version);

        _dir.Write("base.yaml", "a: [2\nb: x\n");
        var failed = await events.NextAsync(e => e.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal("base.yaml", failed.Errors[0].File);
        await provider.Reloader.FlushNotificationsAsync();
        Assert.Equal(1, fired.Count);
        Assert.Equal("2", config["a"]);

        _dir.Write("base.yaml", "a: 2\nb: x\n");
        var identical = await provider.Reloader.ReloadNowAsync();
        Assert.Equal(2, identical.Current.Version);
        await provider.Reloader.FlushNotificationsAsync();
        Assert.Equal(1, fired.Count);

        _dir.Write("base.yaml", "a: 3\nb: x\n");
        Assert.Equal("3", await fired.NextAsync());
        await provider.Reloader.FlushNotificationsAsync();
        Assert.Equal(2, fired.Count);
        Assert.Equal(3, provider.Snapshot!.Version);
    }

    [Fact]
    public async Task A_rollback_is_a_published_version_and_fires_the_token()
    {
        _dir.Write("base.yaml", "a: 1\n");
        var config = Track(new ConfigurationBuilder().AddStrata(_dir.Path, o => o.Reload.Strategy = ReloadStrategy.Manual).Build());
        var provider = config.Providers.OfType<StrataConfigurationProvider>().Single();
        var fired = new EventQueue<string?>();
        _cleanup.Add(ChangeToken.OnChange(config.GetReloadToken, () => fired.Add(config["a"])));

        _dir.Write("base.yaml", "a: 2\n");
        Assert.Equal(ReloadStatus.Published, (await provider.Reloader.ReloadNowAsync()).Status);
        Assert.Equal("2", await fired.NextAsync());
        Assert.Equal(ReloadStatus.RolledBack, (await provider.Reloader.RollbackAsync()).Status);
        Assert.Equal("1", await fired.NextAsync());
        Assert.Equal(3, provider.Snapshot!.Version);
    }

    [Fact]
    public async Task An_explicit_Reload_runs_the_pipeline_now_and_the_root_signals_it_once()
    {
        _dir.Write("base.yaml", "a: 1\n");
        var config = Track(new ConfigurationBuilder().AddStrata(_dir.Path, o => o.Reload.Strategy = ReloadStrategy.Manual).Build());
        var provider = config.Providers.OfType<StrataConfigurationProvider>().Single();
        var fired = new EventQueue<string?>();
        _cleanup.Add(ChangeToken.OnChange(config.GetReloadToken, () => fired.Add(config["a"])));

        _dir.Write("base.yaml", "a: 2\n");
        config.Reload();
        Assert.Equal("2", config["a"]);
        Assert.Equal("2", await fired.NextAsync());
        await provider.Reloader.FlushNotificationsAsync();
        Assert.Equal(1, fired.Count);

        _dir.Write("base.yaml", "a: [\n");
        config.Reload();
        Assert.Equal("2", config["a"]);
    }

    [Fact]
    public void Disposing_the_configuration_stops_the_reloader_and_keeps_the_last_values()
    {
        _dir.Write("base.yaml", "a: 1\n");
        var config = new ConfigurationBuilder().AddStrata(_dir.Path).Build();
        var provider = config.Providers.OfType<StrataConfigurationProvider>().Single();
        Assert.True(provider.Reloader.IsMonitoring);
        ((IDisposable)config).Dispose();
        Assert.False(provider.Reloader.IsMonitoring);
        Assert.Equal("1", config["a"]);
        Assert.Contains("StrataConfigurationProvider for " + _dir.Path, config.GetDebugView(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_values_reach_the_application_and_the_provider_says_which_to_mask()
    {
        _dir.Write("base.yaml", "redis:\n  host: localhost\n  password: hunter2\nsigning: !secret abc123\n");
        var config = Build(_dir.Path, _ => { });
        var provider = config.Providers.OfType<StrataConfigurationProvider>().Single();
        Assert.Equal("hunter2", config["redis:password"]);
        Assert.True(provider.IsSecret("redis:password"));
        Assert.True(provider.IsSecret("REDIS:PASSWORD"));
        Assert.True(provider.IsSecret("signing"));
        Assert.False(provider.IsSecret("redis:host"));
        Assert.False(provider.IsSecret("missing"));

        var view = config.GetDebugView(StrataConfigurationProvider.MaskSecrets);
        Assert.DoesNotContain("hunter2", view, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", view, StringComparison.Ordinal);
        Assert.Contains("password=*** (StrataConfigurationProvider", view, StringComparison.Ordinal);
        Assert.Contains("localhost", view, StringComparison.Ordinal);
    }

    private IConfigurationRoot Build(string directory, Action<StrataOptions> configure) =>
        Track(new ConfigurationBuilder().AddStrata(directory, configure).Build());

    private IConfigurationRoot Track(IConfigurationRoot config)
    {
        _cleanup.Add((IDisposable)config);
        return config;
    }

    private sealed class Phase
    {
        public string Name { get; set; } = string.Empty;

        public int Steps { get; set; }

        [ConfigurationKeyName("enabled_actions")]
        public List<string> EnabledActions { get; set; } = [];
    }
}
