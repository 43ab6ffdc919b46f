using Strata.Notifications;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class SectionChangeCallbackTests
{
    public sealed record RedisOptions(string Host, int Port, string? Password);

    public sealed class LearningSettings
    {
        public double Gamma { get; set; }

        public double EpsilonStart { get; set; }
    }

    private static async Task<List<(T? Old, T? Current)>> Collect<T>(string section, params ReloadNotification[] notifications)
    {
        var calls = new List<(T? Old, T? Current)>();
        await using var manager = new ConfigurationNotificationManager();
        var sub = manager.OnChange<T>(section, (old, current) => calls.Add((old, current)));
        foreach (var n in notifications)
        {
            manager.Publish(n);
        }

        Assert.True(await sub.FlushAsync(Patience));
        return calls;
    }

    [Fact]
    public async Task Fires_with_the_old_and_new_bound_values_when_the_section_changed()
    {
        var calls = await Collect<RedisOptions>("redis", Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: 6380"), 2));
        var (old, current) = Assert.Single(calls);
        Assert.Equal(new RedisOptions("localhost", 6379, "hunter2-secret"), old);
        Assert.Equal(new RedisOptions("localhost", 6380, "hunter2-secret"), current);
    }

    [Fact]
    public async Task Does_not_fire_when_another_section_changed()
    {
        var calls = await Collect<RedisOptions>("redis", Reloaded(BaseYaml, Replace(BaseYaml, "gamma: 0.95", "gamma: 0.9"), 2));
        Assert.Empty(calls);
    }

    [Fact]
    public async Task A_record_does_not_fire_when_only_an_unbound_key_changed()
    {
        var withExtra = Replace(BaseYaml, "  port: 6379", "  port: 6379\n  pool_size: 10");
        var calls = await Collect<RedisOptions>("redis", Reloaded(BaseYaml, withExtra, 2));
        Assert.Empty(calls);
    }

    [Fact]
    public async Task A_class_without_value_equality_compares_the_section_subtree()
    {
        var withExtra = Replace(BaseYaml, "  gamma: 0.95", "  gamma: 0.95\n  note: tuned");
        var unboundOnly = await Collect<LearningSettings>("learning", Reloaded(BaseYaml, withExtra, 2));
        Assert.Single(unboundOnly);

        var gamma = await Collect<LearningSettings>("learning", Reloaded(BaseYaml, Replace(BaseYaml, "gamma: 0.95", "gamma: 0.9"), 2));
        var (old, current) = Assert.Single(gamma);
        Assert.Equal(0.95, old!.Gamma);
        Assert.Equal(0.9, current!.Gamma);
    }

    [Fact]
    public async Task Scalar_sections_compare_by_value()
    {
        var calls = await Collect<int>(
            "redis.port",
            Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: 6380"), 2),
            Reloaded(BaseYaml, Replace(BaseYaml, "host: localhost", "host: cache"), 3));
        Assert.Equal([(6379, 6380)], calls);
    }

    [Fact]
    public async Task A_section_that_appears_or_disappears_gives_default_on_the_missing_side()
    {
        var withCache = BaseYaml + "\ncache:\n  host: c1\n  port: 11211\n  password: x\n";
        var calls = await Collect<RedisOptions>(
            "cache",
            Reloaded(BaseYaml, withCache, 2),
            Reloaded(withCache, BaseYaml, 3));
        Assert.Equal(2, calls.Count);
        Assert.Null(calls[0].Old);
        Assert.Equal(11211, calls[0].Current!.Port);
        Assert.Equal("c1", calls[1].Old!.Host);
        Assert.Null(calls[1].Current);
    }

    [Fact]
    public async Task Does_not_fire_on_the_first_load_or_on_a_failure()
    {
        var calls = await Collect<RedisOptions>("redis", Loaded(), Failed());
        Assert.Empty(calls);
    }

    [Fact]
    public async Task Fires_on_a_rollback_that_changes_the_section()
    {
        var changed = Replace(BaseYaml, "port: 6379", "port: 6380");
        var rollback = Reloaded(changed, BaseYaml, 3) with { EventType = ReloadEvent.ConfigRolledBack };
        var calls = await Collect<RedisOptions>("redis", rollback);
        Assert.Equal(6379, Assert.Single(calls).Current!.Port);
    }

    [Fact]
    public async Task A_section_that_no_longer_binds_counts_as_a_failed_delivery()
    {
        await using var manager = new ConfigurationNotificationManager();
        var calls = 0;
        var sub = manager.OnChange<RedisOptions>("redis", (_, _) => calls++);
        manager.Publish(Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: not-a-port"), 2));
        manager.Publish(Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: 6390"), 3));
        Assert.True(await sub.FlushAsync(Patience));
        Assert.Equal(1, sub.GetStatistics().Failed);
        Assert.Equal(1, sub.GetStatistics().Delivered);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Disposing_stops_the_callback()
    {
        await using var manager = new ConfigurationNotificationManager();
        var calls = 0;
        var sub = manager.OnChange<RedisOptions>("redis", (_, _) => calls++);
        Assert.Equal("on-change:redis", sub.Name);
        manager.Publish(Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: 6380"), 2));
        Assert.True(await sub.FlushAsync(Patience));
        sub.Dispose();
        manager.Publish(Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: 6381"), 3));
        Assert.True(await manager.FlushAsync(Patience));
        Assert.Equal(1, calls);
        Assert.False(sub.IsActive);
    }

    [Fact]
    public async Task An_invalid_section_path_is_rejected()
    {
        await using var manager = new ConfigurationNotificationManager();
        var error = Assert.Throws<ArgumentException>(() => manager.OnChange<RedisOptions>("redis..port", (_, _) => { }));
        Assert.Contains("empty key", error.Message, StringComparison.Ordinal);
    }
}
