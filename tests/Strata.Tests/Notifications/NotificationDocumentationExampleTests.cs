using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Snapshots;

namespace Strata.Tests.Notifications;

/// <summary>The example of docs/notifications.md, run against samples/config.</summary>
public sealed class NotificationDocumentationExampleTests
{
    public sealed record RedisOptions(string Host, int Port, int Db, string? Password);

    [Fact]
    public async Task The_documented_example_works_on_the_samples()
    {
        var console = new StringWriter();
        var seen = new List<string>();
        var variables = new Dictionary<string, string>();

        await using (var notifications = new ConfigurationNotificationManager(new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel>
            {
                NotificationChannel.Console, NotificationChannel.Callback, NotificationChannel.AsyncCallback,
            },
            ConsoleWriter = console,
        }))
        {
            using var redis = notifications.OnChange<RedisOptions>("redis", (old, current) =>
                seen.Add($"redis moved from {old?.Host} to {current?.Host}"));
            using var learning = notifications.AddCallback(
                n => seen.Add($"learning changed: {string.Join(", ", n.Changes.Where(c => c.Path.Text.StartsWith("learning.", StringComparison.Ordinal)).Select(c => c.Path.Text))}"),
                NotificationFilter.ForKeys("learning"));

            var before = new EnvironmentConfigManager(TestPaths.SampleConfig, new() { Environment = "development", EnvironmentVariables = variables }).Load();
            var after = new EnvironmentConfigManager(TestPaths.SampleConfig, new() { Environment = "production", EnvironmentVariables = variables }).Load()
                .WithVersion(2, DateTimeOffset.UtcNow);
            notifications.Publish(new ReloadNotification
            {
                EventType = ReloadEvent.ConfigReloaded,
                Timestamp = after.Timestamp,
                Version = after.Version,
                OldVersion = before.Version,
                Files = ["environments/production.yaml"],
                Changes = ConfigDiff.Compute(before.Root, after.Root),
                Message = "switched to production",
                OldSnapshot = before,
                NewSnapshot = after,
            });
            Assert.True(await notifications.FlushAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Contains("redis moved from localhost to redis.production.internal", seen);
        Assert.Contains("learning changed: learning.memory_size, learning.batch_size", seen);
        Assert.Contains("~ max_steps: 100 -> 10000", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("~ redis.host: \"localhost\" -> \"redis.production.internal\"", console.ToString(), StringComparison.Ordinal);
    }
}
