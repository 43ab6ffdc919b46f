using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strata.Notifications;
using Strata.Notifications.Channels;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationChannelTests
{
    private const string OldSecret = "hunter2-secret";
    private const string NewSecret = "rotated-pa55word";

    /// <summary>A reload that changes the port and rotates the password, with a message that (carelessly) quotes the new password.</summary>
    private static ReloadNotification SecretReload() => Reloaded(
        BaseYaml,
        Replace(Replace(BaseYaml, "port: 6379", "port: 6380"), OldSecret, NewSecret),
        2,
        message: $"reloaded: redis password is now {NewSecret}");

    private static NotificationOptions Only(params NotificationChannel[] channels) => new()
    {
        EnabledChannels = new HashSet<NotificationChannel>(channels),
        ShutdownTimeout = Patience,
    };

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(OldSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(NewSecret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_writes_a_readable_summary_and_one_line_per_change_without_colour_when_not_a_terminal()
    {
        var output = new StringWriter();
        var options = Only(NotificationChannel.Console);
        options.ConsoleWriter = output;
        await using (var manager = new ConfigurationNotificationManager(options))
        {
            manager.Publish(SecretReload());
            manager.Publish(Failed());
            Assert.True(await manager.FlushAsync(Patience));
        }

        var text = output.ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2026-11-27T22:10:02.123Z config_reloaded v2 (was v1) [environments/development.yaml] reloaded: redis password is now ***", lines[0]);
        Assert.Equal("  ~ redis.port: 6379 -> 6380", lines[1]);
        Assert.Equal("  ~ redis.password: \"***\" -> \"***\"", lines[2]);
        Assert.StartsWith("2026-11-27T22:10:03.123Z config_failed v3 [environments/development.yaml] reload failed", lines[3], StringComparison.Ordinal);
        Assert.Equal("  ! environments/development.yaml:4:9: redis.port: expected an int, found 'abc'", lines[4]);
        Assert.DoesNotContain('\u001b', text);
        AssertNoSecret(text);
    }

    [Fact]
    public void Console_colours_only_when_asked_or_on_a_terminal()
    {
        Assert.False(ConsoleNotificationChannel.IsTerminal(new StringWriter()));
        var output = new StringWriter();
        var coloured = new ConsoleNotificationChannel(output, color: true);
        Assert.True(coloured.UseColor);
        coloured.HandleNotification(SecretReload());
        Assert.Contains("\u001b[1;32mconfig_reloaded\u001b[0m", output.ToString(), StringComparison.Ordinal);
        Assert.False(new ConsoleNotificationChannel(new StringWriter()).UseColor);
        Assert.False(new ConsoleNotificationChannel(new StringWriter(), NotificationFormat.JsonLines, color: true).UseColor);
    }

    [Fact]
    public void Console_can_write_json_lines()
    {
        var output = new StringWriter();
        new ConsoleNotificationChannel(output, NotificationFormat.JsonLines).HandleNotification(SecretReload());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("config_reloaded", json.RootElement.GetProperty("event").GetString());
        AssertNoSecret(output.ToString());
    }

    [Fact]
    public async Task Log_levels_follow_the_event_and_entries_carry_structured_properties()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        await using (var manager = new ConfigurationNotificationManager(Only(NotificationChannel.Log), factory))
        {
            manager.Publish(Loaded());
            manager.Publish(SecretReload());
            manager.Publish(Failed());
            manager.Publish(Numbered(4, ReloadEvent.ConfigRolledBack));
            manager.Publish(Numbered(4, ReloadEvent.FileChanged));
            manager.Publish(Numbered(4, ReloadEvent.MigrationApplied));
            Assert.True(await manager.FlushAsync(Patience));
        }

        var records = provider.Collector.GetSnapshot().Where(r => r.Category == typeof(LogNotificationChannel).FullName).ToList();
        Assert.Equal(
            [LogLevel.Information, LogLevel.Information, LogLevel.Error, LogLevel.Warning, LogLevel.Debug, LogLevel.Debug],
            records.Select(r => r.Level));
        var reload = records[1];
        Assert.Equal("config_reloaded", reload.GetStructuredStateValue("EventType"));
        Assert.Equal("2", reload.GetStructuredStateValue("Version"));
        Assert.Equal("1", reload.GetStructuredStateValue("OldVersion"));
        Assert.Equal("2", reload.GetStructuredStateValue("ChangeCount"));
        Assert.Contains("redis.port: 6379 -> 6380", reload.GetStructuredStateValue("Changes"), StringComparison.Ordinal);
        Assert.Equal("[\"environments/development.yaml\"]", reload.GetStructuredStateValue("Files")); // a list property, not a joined string
        Assert.Equal(
            "Configuration config_reloaded version 2 (was 1, priority Normal): reloaded: redis password is now ***; 2 change(s): "
            + "[redis.port: 6379 -> 6380, redis.password: \"***\" -> \"***\"]; 0 error(s): []; files: [environments/development.yaml]",
            reload.Message);
        Assert.Contains("environments/development.yaml:4:9: redis.port", records[2].GetStructuredStateValue("Errors"), StringComparison.Ordinal);
        Assert.Equal(6100, reload.Id.Id);
        foreach (var record in records)
        {
            AssertNoSecret(record.Message);
            AssertNoSecret(string.Join("|", record.StructuredState!.Select(p => p.Value)));
        }
    }

    [Fact]
    public void Log_minimum_level_skips_quieter_events()
    {
        var logger = new FakeLogger();
        var channel = new LogNotificationChannel(logger, LogLevel.Warning);
        channel.HandleNotification(SecretReload());
        channel.HandleNotification(Numbered(2, ReloadEvent.FileChanged));
        channel.HandleNotification(Failed());
        Assert.Equal([LogLevel.Error], logger.Collector.GetSnapshot().Select(r => r.Level));
    }

    [Fact]
    public async Task File_output_is_valid_json_lines_with_mode_0600_and_no_secret_in_clear()
    {
        using var dir = new TempConfigDir();
        var path = Path.Combine(dir.Path, "logs", "notifications.jsonl");
        var options = Only(NotificationChannel.File);
        options.FilePath = path;
        await using (var manager = new ConfigurationNotificationManager(options))
        {
            manager.Publish(Loaded());
            manager.Publish(SecretReload());
            manager.Publish(Failed());
            Assert.True(await manager.FlushAsync(Patience));
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var text = File.ReadAllText(path);
        AssertNoSecret(text);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        var events = new List<string>();
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            events.Add(root.GetProperty("event").GetString()!);
            foreach (var property in new[] { "version", "timestamp", "files", "changes", "errors", "message" })
            {
                Assert.True(root.TryGetProperty(property, out _), $"missing {property} in {line}");
            }
        }

        Assert.Equal(["config_loaded", "config_reloaded", "config_failed"], events);
        using var reload = JsonDocument.Parse(lines[1]);
        var changes = reload.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(6380, changes.Single(c => c.GetProperty("path").GetString() == "redis.port").GetProperty("new").GetInt32());
        Assert.Equal("***", changes.Single(c => c.GetProperty("path").GetString() == "redis.password").GetProperty("new").GetString());
        Assert.Equal("reloaded: redis password is now ***", reload.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void File_channel_appends_to_an_existing_file()
    {
        using var dir = new TempConfigDir();
        var path = dir.Write("events.jsonl", "{\"event\":\"earlier\"}\n");
        using (var channel = new FileNotificationChannel(path))
        {
            channel.HandleNotification(Numbered(7));
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal("{\"event\":\"earlier\"}", lines[0]);
        Assert.Contains("\"version\":7", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void File_channel_rotates_by_size_and_keeps_the_configured_number_of_old_files()
    {
        using var dir = new TempConfigDir();
        var path = Path.Combine(dir.Path, "events.jsonl");
        var lineLength = ReloadNotificationJsonLength(Numbered(10));
        using (var channel = new FileNotificationChannel(path, maxBytes: (lineLength * 3) + 1, maxRotatedFiles: 2))
        {
            for (var v = 10; v < 20; v++)
            {
                channel.HandleNotification(Numbered(v));
            }

            Assert.Equal(3, channel.Rotations);
        }

        // Three lines per file; the third rotation deleted the oldest file (10-12), so .2 holds 13-15 and .1 holds 16-18.
        Assert.Equal([19L], Versions(path));
        Assert.Equal([16L, 17L, 18L], Versions(path + ".1"));
        Assert.Equal([13L, 14L, 15L], Versions(path + ".2"));
        Assert.False(File.Exists(path + ".3"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path + ".1"));
        }
    }

    [Fact]
    public void File_channel_can_write_the_text_form()
    {
        using var dir = new TempConfigDir();
        var path = Path.Combine(dir.Path, "events.log");
        using (var channel = new FileNotificationChannel(path, format: NotificationFormat.Text))
        {
            channel.HandleNotification(SecretReload());
        }

        var text = File.ReadAllText(path);
        Assert.Contains("config_reloaded v2 (was v1)", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
        AssertNoSecret(text);
    }

    [Fact]
    public void The_file_channel_needs_a_path()
    {
        var options = Only(NotificationChannel.File);
        var error = Assert.Throws<ArgumentException>(() => new ConfigurationNotificationManager(options));
        Assert.Contains("FilePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_is_read_with_read_async_try_read_and_read_all_async()
    {
        var manager = new ConfigurationNotificationManager(Only(NotificationChannel.Queue));
        var queue = manager.Queue!;
        manager.Publish(Numbered(1));
        manager.Publish(SecretReload());
        manager.Publish(Numbered(3));
        manager.Publish(Numbered(4));

        Assert.Equal(4, queue.Count);
        Assert.Equal(1, (await queue.ReadAsync()).Version);
        Assert.True(queue.TryRead(out var second));
        Assert.Equal(2, second.Version);
        Assert.DoesNotContain(NewSecret, second.Message, StringComparison.Ordinal);
        Assert.Equal("***", second.Changes.Single(c => c.Path.Text == "redis.password").NewValue!.ToString());
        Assert.Equal(2, manager.GetStatistics().QueueDepth);

        await manager.DisposeAsync(); // completes the queue: ReadAllAsync ends after the rest
        var rest = new List<long>();
        await foreach (var n in queue.ReadAllAsync())
        {
            rest.Add(n.Version);
        }

        Assert.Equal([3L, 4L], rest);
        Assert.False(queue.TryRead(out _));
    }

    [Theory]
    [InlineData(QueueFullPolicy.DropOldest, new long[] { 3, 4, 5 })]
    [InlineData(QueueFullPolicy.DropIncoming, new long[] { 1, 2, 3 })]
    public async Task A_full_queue_drops_by_policy_and_counts_it(QueueFullPolicy policy, long[] kept)
    {
        var options = Only(NotificationChannel.Queue);
        options.MaxQueueSize = 3;
        options.FullQueuePolicy = policy;
        await using var manager = new ConfigurationNotificationManager(options);
        for (var v = 1; v <= 5; v++)
        {
            manager.Publish(Numbered(v));
        }

        var queue = manager.Queue!;
        var stats = manager.GetStatistics().Channels[NotificationChannel.Queue];
        Assert.Equal(2, stats.Dropped);
        Assert.Equal(3, stats.QueueDepth);
        var read = new List<long>();
        while (queue.TryRead(out var n))
        {
            read.Add(n.Version);
        }

        Assert.Equal(kept, read);
    }

    [Fact]
    public async Task Queue_uses_the_channel_filter()
    {
        var options = Only(NotificationChannel.Queue);
        options.Filter = NotificationFilter.ForEvents(ReloadEvent.ConfigFailed);
        await using var manager = new ConfigurationNotificationManager(options);
        manager.Publish(Numbered(1));
        manager.Publish(Failed());
        Assert.True(manager.Queue!.TryRead(out var only));
        Assert.Equal(ReloadEvent.ConfigFailed, only.EventType);
        Assert.False(manager.Queue.TryRead(out _));
        Assert.Equal(1, manager.GetStatistics().Channels[NotificationChannel.Queue].Filtered);
    }

    [Fact]
    public async Task Callback_and_async_callback_receive_masked_notifications()
    {
        await using var manager = new ConfigurationNotificationManager();
        ReloadNotification? sync = null;
        ReloadNotification? async = null;
        var syncSub = manager.AddCallback(n => sync = n);
        var asyncSub = manager.AddAsyncCallback(async (n, token) =>
        {
            await Task.Yield();
            async = n;
        });
        manager.Publish(SecretReload());
        Assert.True(await manager.FlushAsync(Patience));

        foreach (var received in new[] { sync!, async! })
        {
            Assert.Equal("reloaded: redis password is now ***", received.Message);
            var password = received.Changes.Single(c => c.Path.Text == "redis.password");
            Assert.Equal("***", password.OldValue!.ToString());
            Assert.Equal("***", password.NewValue!.ToString());
            Assert.Equal("6380", received.Changes.Single(c => c.Path.Text == "redis.port").NewValue!.ToString());
        }

        Assert.Equal(1, syncSub.GetStatistics().Delivered);
        Assert.Equal(NotificationChannel.AsyncCallback, asyncSub.Channel);
        Assert.Equal(1, manager.GetStatistics().Channels[NotificationChannel.AsyncCallback].Delivered);
    }

    [Fact]
    public async Task A_disabled_channel_refuses_subscribers_with_a_clear_message()
    {
        await using var manager = new ConfigurationNotificationManager(Only(NotificationChannel.Console));
        var error = Assert.Throws<InvalidOperationException>(() => manager.AddCallback(_ => { }));
        Assert.Contains("Callback notification channel is not enabled", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => manager.Subscribe(new RecordingAsyncSubscriber()));
    }

    [Fact]
    public async Task Built_in_channels_use_the_options_filter()
    {
        var output = new StringWriter();
        var options = Only(NotificationChannel.Console);
        options.ConsoleWriter = output;
        options.Filter = NotificationFilter.ForKeys("learning");
        await using (var manager = new ConfigurationNotificationManager(options))
        {
            manager.Publish(SecretReload());
            manager.Publish(Reloaded(BaseYaml, Replace(BaseYaml, "gamma: 0.95", "gamma: 0.9"), 3));
            manager.Publish(Failed(4));
            Assert.True(await manager.FlushAsync(Patience));
            Assert.Equal(1, manager.GetStatistics().Channels[NotificationChannel.Console].Filtered);
        }

        var headers = output.ToString().Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ')).ToList();
        Assert.Equal(2, headers.Count);
        Assert.Contains("config_reloaded v3", headers[0], StringComparison.Ordinal);
        Assert.Contains("config_failed v4", headers[1], StringComparison.Ordinal);
    }

    private static int ReloadNotificationJsonLength(ReloadNotification n) =>
        System.Text.Encoding.UTF8.GetByteCount(Strata.Serialization.ReloadNotificationJson.ToJsonLine(n) + "\n");

    private static List<long> Versions(string path) =>
        [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("version").GetInt64())];
}
