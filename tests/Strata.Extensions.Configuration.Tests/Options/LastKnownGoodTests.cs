using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Strata.Extensions.Configuration.Tests.Support;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Extensions.Configuration.Tests.Options;

/// <summary>
/// Side by side on real, watched files: plain <c>AddJsonFile(reloadOnChange: true)</c> against Strata. A malformed
/// edit empties the JSON file's keys; an invalid value makes <c>IOptionsMonitor.CurrentValue</c> throw. Under Strata,
/// neither reaches the application, and options change once per published version.
/// </summary>
public sealed class LastKnownGoodTests : IDisposable
{
    private const string GoodJson = """{"redis": {"host": "localhost", "port": 6379}}""";
    private const string GoodYaml = "redis:\n  host: localhost\n  port: 6379\n";

    private readonly TestDir _json = new();
    private readonly TestDir _strata = new();
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            item.Dispose();
        }

        _json.Dispose();
        _strata.Dispose();
    }

    [Fact]
    public async Task A_malformed_edit_empties_the_section_with_AddJsonFile_but_not_with_Strata()
    {
        // Microsoft.Extensions.Configuration: the JSON provider drops every key of a file it cannot parse.
        var loadFailures = new EventQueue<Exception>();
        var (json, jsonMonitor) = JsonSide(loadFailures);
        var jsonReloads = Watch(json, "barrier");
        Assert.Equal(6379, jsonMonitor.CurrentValue.Port);

        _json.Write("redis.json", """{"redis": {"host": "localhost", "port": 63""");
        Assert.IsType<InvalidDataException>(await loadFailures.NextAsync());
        Assert.Null(json["redis:port"]);
        Assert.Null(json["redis:host"]);
        Assert.Empty(json.GetSection("redis").GetChildren());

        // The next change anywhere (another file here) rebinds options from the emptied section: CurrentValue throws.
        _json.Write("barrier.json", """{"barrier": 2}""");
        Assert.Equal("2", await jsonReloads.NextAsync(v => v == "2"));
        var thrown = Assert.Throws<OptionsValidationException>(() => jsonMonitor.CurrentValue);
        Assert.Contains(thrown.Failures, f => f.Contains("Host", StringComparison.Ordinal));

        // Strata: the same edit fails the reload; configuration and options keep the last good values.
        var (strata, reloader, strataMonitor) = StrataSide();
        var changes = new EventQueue<int>();
        _cleanup.Add(strataMonitor.OnChange(o => changes.Add(o.Port))!);
        var events = Notifications(reloader);

        _strata.Write("base.yaml", "redis:\n  host: localhost\n  port: [63\n");
        var failed = await events.NextAsync(e => e.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal("base.yaml", failed.Errors[0].File);
        await reloader.FlushNotificationsAsync();
        Assert.Equal("6379", strata["redis:port"]);
        Assert.Equal("localhost", strata["redis:host"]);
        Assert.Equal(6379, strataMonitor.CurrentValue.Port);
        Assert.Equal(0, changes.Count);

        // The next valid edit is the first change options see.
        _strata.Write("base.yaml", GoodYaml.Replace("6379", "6380", StringComparison.Ordinal));
        Assert.Equal(6380, await changes.NextAsync());
        await reloader.FlushNotificationsAsync();
        Assert.Equal(1, changes.Count);
        Assert.Equal(6380, strataMonitor.CurrentValue.Port);
    }

    [Fact]
    public async Task An_invalid_value_makes_CurrentValue_throw_with_AddJsonFile_but_Strata_keeps_the_last_valid_options()
    {
        var (json, jsonMonitor) = JsonSide(new EventQueue<Exception>());
        var jsonReloads = Watch(json, "redis:port");
        _json.Write("redis.json", """{"redis": {"host": "localhost", "port": 70000}}""");
        Assert.Equal("70000", await jsonReloads.NextAsync(v => v == "70000"));
        Assert.Throws<OptionsValidationException>(() => jsonMonitor.CurrentValue);

        // Strata with AddStrataOptions: RedisSettings' own [Range] runs in Strata's validate stage.
        var services = new ServiceCollection().AddStrata(_strata.Path);
        services.AddStrataOptions<RedisSettings>("redis");
        _strata.Write("base.yaml", GoodYaml);
        var provider = Track(services.BuildServiceProvider());
        var monitor = provider.GetRequiredService<IOptionsMonitor<RedisSettings>>();
        var reloader = provider.GetRequiredService<ConfigurationHotReloader>();
        var changes = new EventQueue<int>();
        _cleanup.Add(monitor.OnChange(o => changes.Add(o.Port))!);
        var events = Notifications(reloader);
        Assert.Equal(6379, monitor.CurrentValue.Port);

        _strata.Write("base.yaml", GoodYaml.Replace("6379", "70000", StringComparison.Ordinal));
        var failed = await events.NextAsync(e => e.EventType == ReloadEvent.ConfigFailed);
        var error = Assert.Single(failed.Errors);
        Assert.Equal(("base.yaml", 3, 9, "redis.port"), (error.File, error.Line, error.Column, error.Path));
        Assert.Equal("base.yaml:3:9: redis.port: The field Port must be between 1 and 65535. (RedisSettings)", error.ToString());
        await reloader.FlushNotificationsAsync();
        Assert.Equal(6379, monitor.CurrentValue.Port);
        Assert.Equal(0, changes.Count);
        Assert.Equal(1, reloader.Current.Version);

        _strata.Write("base.yaml", GoodYaml.Replace("6379", "6381", StringComparison.Ordinal));
        Assert.Equal(6381, await changes.NextAsync());
        Assert.Equal(2, reloader.Current.Version);
    }

    [Fact]
    public async Task OnChange_fires_once_per_applied_version_in_order()
    {
        _strata.Write("base.yaml", GoodYaml);
        var services = new ServiceCollection().AddStrata(_strata.Path, o => o.Reload.Strategy = ReloadStrategy.Manual);
        services.AddStrataOptions<RedisSettings>("redis");
        var provider = Track(services.BuildServiceProvider());
        var monitor = provider.GetRequiredService<IOptionsMonitor<RedisSettings>>();
        var reloader = provider.GetRequiredService<ConfigurationHotReloader>();
        var changes = new EventQueue<int>();
        _cleanup.Add(monitor.OnChange(o => changes.Add(o.Port))!);
        Assert.Equal(6379, monitor.CurrentValue.Port);

        var seen = new List<int>();
        foreach (var port in new[] { 6380, 6381, 6382 })
        {
            _strata.Write("base.yaml", GoodYaml.Replace("6379", port.ToString(), StringComparison.Ordinal));
            Assert.Equal(ReloadStatus.Published, (await reloader.ReloadNowAsync()).Status);
            Assert.Equal(ReloadStatus.Unchanged, (await reloader.ReloadNowAsync()).Status);
            _strata.Write("base.yaml", "redis: [\n");
            Assert.Equal(ReloadStatus.Failed, (await reloader.ReloadNowAsync()).Status);
            seen.Add(await changes.NextAsync());
        }

        await reloader.FlushNotificationsAsync();
        Assert.Equal([6380, 6381, 6382], seen);
        Assert.Equal(3, changes.Count);
        Assert.Equal(4, reloader.Current.Version);
    }

    [Fact]
    public async Task Validate_delegates_and_conversion_failures_are_reload_errors_too()
    {
        _strata.Write("base.yaml", GoodYaml + "  token_ttl: 60\n");
        var services = new ServiceCollection().AddStrata(_strata.Path, o => o.Reload.Strategy = ReloadStrategy.Manual);
        services.AddStrataOptions<RedisSettings>("redis").Validate(o => o.Host != "forbidden", "host 'forbidden' is not allowed");
        var provider = Track(services.BuildServiceProvider());
        var monitor = provider.GetRequiredService<IOptionsMonitor<RedisSettings>>();
        var reloader = provider.GetRequiredService<ConfigurationHotReloader>();
        Assert.Equal(60, monitor.CurrentValue.TokenTtl);

        _strata.Write("base.yaml", GoodYaml.Replace("localhost", "forbidden", StringComparison.Ordinal));
        var rejected = await reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Failed, rejected.Status);
        Assert.Equal("base.yaml:2:3: redis: host 'forbidden' is not allowed (RedisSettings)", Assert.Single(rejected.Errors).ToString());

        _strata.Write("base.yaml", GoodYaml.Replace("6379", "six", StringComparison.Ordinal));
        var conversion = Assert.Single((await reloader.ReloadNowAsync()).Errors);
        Assert.Equal(("base.yaml", 3, 9, "redis.port"), (conversion.File, conversion.Line, conversion.Column, conversion.Path));
        Assert.Contains("'six'", conversion.Message, StringComparison.Ordinal);

        // A secret key (token_ttl matches "token"): the error never quotes its value.
        _strata.Write("base.yaml", GoodYaml + "  token_ttl: hunter2\n");
        var secret = Assert.Single((await reloader.ReloadNowAsync()).Errors);
        Assert.Equal(("base.yaml", 4, 14, "redis.token_ttl"), (secret.File, secret.Line, secret.Column, secret.Path));
        Assert.DoesNotContain("hunter2", secret.ToString(), StringComparison.Ordinal);

        Assert.Equal(1, reloader.Current.Version);
        Assert.Equal("localhost", monitor.CurrentValue.Host);
    }

    [Fact]
    public void An_invalid_value_at_start_up_is_a_ConfigurationLoadException_at_the_value()
    {
        _strata.Write("base.yaml", GoodYaml.Replace("6379", "0", StringComparison.Ordinal));
        var services = new ServiceCollection().AddStrata(_strata.Path);
        services.AddStrataOptions<RedisSettings>("redis");
        var provider = Track(services.BuildServiceProvider());
        var thrown = Assert.Throws<ConfigurationLoadException>(() => provider.GetRequiredService<IOptionsMonitor<RedisSettings>>().CurrentValue);
        Assert.Equal("base.yaml:3:9: redis.port: The field Port must be between 1 and 65535. (RedisSettings)", thrown.Message);
    }

    private (IConfigurationRoot Config, IOptionsMonitor<RedisSettings> Monitor) JsonSide(EventQueue<Exception> loadFailures)
    {
        _json.Write("redis.json", GoodJson);
        _json.Write("barrier.json", """{"barrier": 1}""");
        var builder = new ConfigurationBuilder();

        // Only observes: Ignore stays false, so the provider behaves exactly as plain AddJsonFile does.
        builder.SetFileLoadExceptionHandler(context => loadFailures.Add(context.Exception));
        var config = Track(builder
            .AddJsonFile(Path.Combine(_json.Path, "redis.json"), optional: false, reloadOnChange: true)
            .AddJsonFile(Path.Combine(_json.Path, "barrier.json"), optional: false, reloadOnChange: true)
            .Build());
        var services = new ServiceCollection();
        services.AddOptions<RedisSettings>().Bind(config.GetSection("redis")).ValidateDataAnnotations();
        return (config, Track(services.BuildServiceProvider()).GetRequiredService<IOptionsMonitor<RedisSettings>>());
    }

    /// <summary>Strata as a plain configuration provider, with the stock options binding on top.</summary>
    private (IConfigurationRoot Config, ConfigurationHotReloader Reloader, IOptionsMonitor<RedisSettings> Monitor) StrataSide()
    {
        _strata.Write("base.yaml", GoodYaml);
        var config = Track(new ConfigurationBuilder().AddStrata(_strata.Path).Build());
        var services = new ServiceCollection();
        services.AddOptions<RedisSettings>().Bind(config.GetSection("redis")).ValidateDataAnnotations();
        var monitor = Track(services.BuildServiceProvider()).GetRequiredService<IOptionsMonitor<RedisSettings>>();
        return (config, config.Providers.OfType<StrataConfigurationProvider>().Single().Reloader, monitor);
    }

    private EventQueue<string?> Watch(IConfiguration config, string key)
    {
        var queue = new EventQueue<string?>();
        _cleanup.Add(ChangeToken.OnChange(config.GetReloadToken, () => queue.Add(config[key])));
        return queue;
    }

    private EventQueue<ReloadNotification> Notifications(ConfigurationHotReloader reloader)
    {
        var queue = new EventQueue<ReloadNotification>();
        _cleanup.Add(reloader.AddNotificationCallback(queue.Add));
        return queue;
    }

    private T Track<T>(T item)
    {
        _cleanup.Add((IDisposable)item!);
        return item;
    }
}
