using Strata.Notifications;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationFilterTests
{
    private static readonly ReloadNotification PortChanged = Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: 6380"), 2);
    private static readonly ReloadNotification GammaChanged = Reloaded(BaseYaml, Replace(BaseYaml, "gamma: 0.95", "gamma: 0.9"), 2);

    [Fact]
    public void An_empty_filter_lets_everything_through()
    {
        Assert.True(NotificationFilter.All.Matches(PortChanged));
        Assert.True(NotificationFilter.All.Matches(Failed()));
        Assert.True(NotificationFilter.All.Matches(Numbered(1, ReloadEvent.FileChanged)));
    }

    [Fact]
    public void Event_types_select_events()
    {
        var filter = NotificationFilter.ForEvents(ReloadEvent.ConfigReloaded, ReloadEvent.ConfigFailed);
        Assert.True(filter.Matches(PortChanged));
        Assert.True(filter.Matches(Failed()));
        Assert.False(filter.Matches(Loaded()));
        Assert.False(filter.Matches(Numbered(1, ReloadEvent.ConfigRolledBack)));
    }

    [Theory]
    [InlineData("*.yaml", "environments/development.yaml", true)]
    [InlineData("*.yaml", "base.yaml", true)]
    [InlineData("*.json", "environments/development.yaml", false)]
    [InlineData("environments/**", "environments/development.yaml", true)]
    [InlineData("environments/*.yaml", "agents/system_agent.yaml", false)]
    [InlineData("agents/**/*.yaml", "agents/system_agent.yaml", true)]
    [InlineData("./environments/*.yaml", "environments/production.yaml", true)]
    public void File_patterns_are_globs_over_the_files_involved(string pattern, string file, bool expected)
    {
        var filter = new NotificationFilter { FilePatterns = [pattern] };
        var notification = Numbered(2) with { Files = [file] };
        Assert.Equal(expected, filter.Matches(notification));
    }

    [Fact]
    public void File_patterns_pass_when_any_file_matches_or_the_event_names_no_files()
    {
        var filter = new NotificationFilter { FilePatterns = ["*.json", "agents/*"] };
        Assert.True(filter.Matches(Numbered(2) with { Files = ["base.yaml", "agents/control_agent.yaml"] }));
        Assert.False(filter.Matches(Numbered(2) with { Files = ["base.yaml"] }));
        Assert.True(filter.Matches(Numbered(2) with { Files = [] }));
    }

    [Fact]
    public void An_empty_file_pattern_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new NotificationFilter { FilePatterns = ["*.yaml", " "] });
        Assert.Contains("file pattern cannot be empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimum_priority_drops_lower_priorities()
    {
        var filter = new NotificationFilter { MinimumPriority = NotificationPriority.High };
        Assert.False(filter.Matches(PortChanged));
        Assert.False(filter.Matches(Numbered(1, ReloadEvent.FileChanged)));
        Assert.True(filter.Matches(Numbered(3, ReloadEvent.ConfigRolledBack)));
        Assert.True(filter.Matches(Failed()));
    }

    [Fact]
    public void Include_errors_and_include_successes_split_failures_from_the_rest()
    {
        var errorsOnly = new NotificationFilter { IncludeSuccesses = false };
        var successesOnly = new NotificationFilter { IncludeErrors = false };
        Assert.True(errorsOnly.Matches(Failed()));
        Assert.False(errorsOnly.Matches(PortChanged));
        Assert.False(successesOnly.Matches(Failed()));
        Assert.True(successesOnly.Matches(PortChanged));
        Assert.True(successesOnly.Matches(Numbered(4, ReloadEvent.ConfigRolledBack)));
    }

    [Fact]
    public void Key_prefixes_pass_only_changes_under_them()
    {
        var redis = NotificationFilter.ForKeys("redis");
        Assert.True(redis.Matches(PortChanged));
        Assert.False(redis.Matches(GammaChanged));
        Assert.True(NotificationFilter.ForKeys("redis.port").Matches(PortChanged));
        Assert.False(NotificationFilter.ForKeys("redis.host").Matches(PortChanged));
        Assert.True(NotificationFilter.ForKeys("learning", "redis").Matches(GammaChanged));
    }

    [Fact]
    public void Key_prefixes_match_whole_segments()
    {
        var cluster = Reloaded(BaseYaml, BaseYaml + "\nredis_cluster:\n  nodes: 3\n", 2);
        Assert.False(NotificationFilter.ForKeys("redis").Matches(cluster));
        Assert.True(NotificationFilter.ForKeys("redis_cluster").Matches(cluster));
    }

    [Fact]
    public void A_key_prefix_inside_a_changed_list_matches_the_list_change()
    {
        var tags = Reloaded(BaseYaml, Replace(BaseYaml, "tags: [a, b]", "tags: [a, c]"), 2);
        Assert.True(NotificationFilter.ForKeys("tags[1]").Matches(tags));
        Assert.True(NotificationFilter.ForKeys("tags").Matches(tags));
    }

    [Fact]
    public void Failures_always_pass_a_key_filter()
    {
        Assert.True(NotificationFilter.ForKeys("learning").Matches(Failed(path: "redis.port")));
        Assert.True(NotificationFilter.ForKeys("learning").Matches(Failed(path: string.Empty)));
    }

    [Fact]
    public void A_key_filter_applies_to_rollbacks_and_to_reloads_without_changes_but_not_to_events_that_carry_none()
    {
        var filter = NotificationFilter.ForKeys("redis");
        var rollback = PortChanged with { EventType = ReloadEvent.ConfigRolledBack, Priority = NotificationPriority.High };
        var rollbackElsewhere = GammaChanged with { EventType = ReloadEvent.ConfigRolledBack };
        Assert.True(filter.Matches(rollback));
        Assert.False(filter.Matches(rollbackElsewhere));
        Assert.False(filter.Matches(Numbered(2)));
        Assert.True(filter.Matches(Loaded()));
        Assert.True(filter.Matches(Numbered(2, ReloadEvent.FileChanged)));
        Assert.True(filter.Matches(Numbered(2, ReloadEvent.MigrationApplied)));
    }

    [Theory]
    [InlineData("redis..port", "empty key")]
    [InlineData("tags[x]", "is not a list index")]
    [InlineData("[0]", "must start with a key")]
    [InlineData("", "cannot be empty")]
    public void An_invalid_key_prefix_is_rejected_with_a_readable_message(string prefix, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => NotificationFilter.ForKeys(prefix));
        Assert.Contains("key prefix", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_criterion_must_pass()
    {
        var filter = new NotificationFilter
        {
            EventTypes = [ReloadEvent.ConfigReloaded],
            FilePatterns = ["environments/*.yaml"],
            KeyPrefixes = ["redis"],
            MinimumPriority = NotificationPriority.Normal,
        };
        Assert.True(filter.Matches(PortChanged));
        Assert.False(filter.Matches(PortChanged with { Files = ["base.yaml"] }));
        Assert.False(filter.Matches(GammaChanged));
        Assert.False(filter.Matches(PortChanged with { Priority = NotificationPriority.Low }));
    }

    [Fact]
    public async Task A_subscriber_filter_is_applied_by_the_manager_and_counted()
    {
        await using var manager = new ConfigurationNotificationManager();
        var redisOnly = new RecordingSubscriber(NotificationFilter.ForKeys("redis"));
        var sub = manager.Subscribe(redisOnly, "redis-only");
        var failuresOnly = new RecordingAsyncSubscriber(new NotificationFilter { IncludeSuccesses = false });
        manager.Subscribe(failuresOnly);
        manager.Publish(GammaChanged);
        manager.Publish(PortChanged);
        manager.Publish(Failed());

        Assert.True(await manager.FlushAsync(Patience));
        Assert.Equal([ReloadEvent.ConfigReloaded, ReloadEvent.ConfigFailed], redisOnly.Received.Select(n => n.EventType));
        Assert.Equal("redis.port", redisOnly.Received[0].Changes.Single().Path.Text);
        Assert.Equal([3L], failuresOnly.Versions);
        Assert.Equal(1, sub.GetStatistics().Filtered);
        Assert.Equal(2, sub.GetStatistics().Delivered);
        Assert.Equal(2, manager.GetStatistics().Channels[NotificationChannel.AsyncCallback].Filtered);
    }
}
