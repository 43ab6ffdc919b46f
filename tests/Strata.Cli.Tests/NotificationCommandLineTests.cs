using Strata.Cli.Commands;
using Strata.Notifications;
using Strata.Testing;

namespace Strata.Cli.Tests;

public sealed class NotificationCommandLineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Builds_channels_file_and_filter_from_the_watch_options()
    {
        var options = NotificationCommandLine.CreateOptions(["console,log", "file"], "/tmp/n.jsonl", ["config_reloaded,config_failed"], ["redis", "learning"]);
        Assert.Equal(
            new HashSet<NotificationChannel>
            {
                NotificationChannel.Console, NotificationChannel.Log, NotificationChannel.File, NotificationChannel.Callback, NotificationChannel.AsyncCallback,
            },
            options.EnabledChannels);
        Assert.Equal("/tmp/n.jsonl", options.FilePath);
        Assert.NotNull(options.Filter);
        Assert.Equal([ReloadEvent.ConfigReloaded, ReloadEvent.ConfigFailed], options.Filter.EventTypes.Order());
        Assert.Equal(["redis", "learning"], options.Filter.KeyPrefixes);
    }

    [Fact]
    public void Nothing_given_means_callbacks_only_and_no_filter()
    {
        var options = NotificationCommandLine.CreateOptions(null, null, null, null);
        Assert.Equal(new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback }, options.EnabledChannels);
        Assert.Null(options.Filter);
    }

    [Fact]
    public void Names_are_case_insensitive_and_spaces_and_empty_items_are_ignored()
    {
        var options = NotificationCommandLine.CreateOptions([" Console , ,LOG"], null, ["Config_Failed"], []);
        Assert.True(options.IsEnabled(NotificationChannel.Console));
        Assert.True(options.IsEnabled(NotificationChannel.Log));
        Assert.Equal([ReloadEvent.ConfigFailed], options.Filter!.EventTypes);
    }

    [Fact]
    public void A_notify_file_implies_the_file_channel()
    {
        var options = NotificationCommandLine.CreateOptions(["console"], "events.jsonl", null, null);
        Assert.True(options.IsEnabled(NotificationChannel.File));
    }

    [Theory]
    [InlineData("console,pager", null, null, null, "--notify: unknown channel 'pager'; expected console, log, file")]
    [InlineData("file", null, null, null, "--notify file needs --notify-file PATH")]
    [InlineData("file", " ", null, null, "--notify-file: the path is empty")]
    [InlineData(null, null, "config_reloaded,config_exploded", null, "--only: unknown event 'config_exploded'; expected config_loaded, file_changed, config_reloaded, config_failed, config_rolled_back, migration_applied")]
    [InlineData(null, null, null, "redis,learning..rate", "--keys: 'learning..rate': empty key at position 10")]
    public void Mistakes_are_one_line_usage_errors(string? notify, string? file, string? only, string? keys, string expected)
    {
        var ok = NotificationCommandLine.TryCreateOptions(
            notify is null ? null : [notify],
            file,
            only is null ? null : [only],
            keys is null ? null : [keys],
            out var options,
            out var error);
        Assert.False(ok);
        Assert.Null(options);
        Assert.Equal(expected, error);
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => NotificationCommandLine.CreateOptions(
            notify is null ? null : [notify], file, only is null ? null : [only], keys is null ? null : [keys])).Message);
    }

    [Fact]
    public async Task The_options_drive_a_working_manager()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "events.jsonl");
        var options = NotificationCommandLine.CreateOptions(["console,file"], path, ["config_failed"], null);
        var console = new StringWriter();
        options.ConsoleWriter = console;
        await using (var manager = new ConfigurationNotificationManager(options))
        {
            manager.AddCallback(_ => { });
            manager.Publish(new ReloadNotification { EventType = ReloadEvent.ConfigReloaded, Timestamp = Start, Version = 2, OldVersion = 1 });
            manager.Publish(new ReloadNotification { EventType = ReloadEvent.ConfigFailed, Timestamp = Start, Version = 2, OldVersion = 2 });
            Assert.True(await manager.FlushAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Single(File.ReadAllLines(path));
        Assert.Contains("config_failed", console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("config_reloaded", console.ToString(), StringComparison.Ordinal);
    }
}
