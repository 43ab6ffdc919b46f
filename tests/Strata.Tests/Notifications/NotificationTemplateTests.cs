using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strata.Notifications;
using Strata.Notifications.Channels;
using Strata.Secrets;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationTemplateTests
{
    private const string NewSecret = "rotated-pa55word";

    private static ReloadNotification SecretReload() => Reloaded(
        BaseYaml,
        Replace(Replace(BaseYaml, "port: 6379", "port: 6380"), "hunter2-secret", NewSecret),
        2,
        message: $"password is now {NewSecret}");

    private static string Render(string template, ReloadNotification notification) =>
        NotificationTemplate.Parse(template, "NotificationOptions.ConsoleTemplate").Render(NotificationRedaction.Redact(notification), SecretRedactor.Default);

    [Fact]
    public void The_default_template_is_the_summary_line_of_the_text_format()
    {
        Assert.Equal(
            "2026-11-27T22:10:02.123Z config_reloaded v2 (was v1) [environments/development.yaml] password is now ***",
            Render(NotificationOptions.DefaultTextTemplate, SecretReload()));
        Assert.Equal("2026-11-27T22:10:00.123Z config_loaded v1", Render(NotificationOptions.DefaultTextTemplate, Loaded() with { Files = [], Message = string.Empty }));
    }

    [Fact]
    public void Every_field_renders_what_the_notification_carries_with_secrets_masked()
    {
        var template = "{event}|{version}|{old_version}|{was}|{files}|{file_count}|{priority}|{environment}|{agent}|{change_count}|{changes}|{error_count}|{message}";
        Assert.Equal(
            "config_reloaded|2|1|(was v1)|[environments/development.yaml]|1|normal|testing||2|redis.port: 6379 -> 6380; redis.password: \"***\" -> \"***\"|0|password is now ***",
            Render(template, SecretReload()));
        Assert.Equal(
            "1|environments/development.yaml:4:9: redis.port: expected an int, found 'abc'|critical",
            Render("{error_count}|{errors}|{priority}", Failed()));
        Assert.Equal("a.yaml: 1.0 -> 1.1; b.yaml: 1.1 -> 2.0", Render("{migrations}", Numbered(2, ReloadEvent.MigrationApplied) with { Migrations = ["a.yaml: 1.0 -> 1.1", "b.yaml: 1.1 -> 2.0"] }));
    }

    [Fact]
    public void An_empty_field_takes_one_space_with_it_and_braces_can_be_escaped()
    {
        var quiet = Numbered(3) with { Files = [], Message = string.Empty, OldVersion = null };
        Assert.Equal("v3 end", Render("v{version} {was} {files} {message} end", quiet));
        Assert.Equal("v3", Render("{files} v{version}", quiet));
        Assert.Equal("{3} }", Render("{{{version}}} }}", quiet));
    }

    [Theory]
    [InlineData("{timestamp} {evnt}", "unknown field {evnt} at position 13; the fields are {timestamp}, {event}")]
    [InlineData("{timestamp", "'{' at position 1 is never closed (write '{{' for a literal brace)")]
    [InlineData("{event {version}", "'{' at position 1 is never closed")]
    [InlineData("v{version}}", "'}' at position 11 closes no field (write '}}' for a literal brace)")]
    [InlineData("{}", "unknown field {} at position 1")]
    [InlineData("{Event}", "unknown field {Event} at position 1")]
    public void A_bad_template_is_a_clear_error_naming_the_option_and_the_field(string template, string expected)
    {
        foreach (var (name, set) in new (string, Action<NotificationOptions, string>)[]
        {
            ("ConsoleTemplate", (o, t) => o.ConsoleTemplate = t),
            ("FileTemplate", (o, t) => o.FileTemplate = t),
            ("LogTemplate", (o, t) => o.LogTemplate = t),
        })
        {
            var options = new NotificationOptions();
            set(options, template);
            var error = Assert.Throws<ArgumentException>(options.Validate);
            Assert.StartsWith($"NotificationOptions.{name} \"{template}\": ", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Equal(name, error.ParamName);
            Assert.Throws<ArgumentException>(() => new ConfigurationNotificationManager(options));
        }
    }

    [Fact]
    public void A_null_template_is_a_clear_error()
    {
        var options = new NotificationOptions { LogTemplate = null! };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith("NotificationOptions.LogTemplate must not be null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_on_a_json_lines_channel_is_a_clear_error()
    {
        var options = new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.File },
            FilePath = "notifications.jsonl",
            FileTemplate = "{event} v{version}",
        };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith("NotificationOptions.FileTemplate is set but FileFormat is JsonLines", error.Message, StringComparison.Ordinal);

        options.FileFormat = NotificationFormat.Text;
        options.Validate();

        var console = new NotificationOptions { EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Console }, ConsoleFormat = NotificationFormat.JsonLines, ConsoleTemplate = "{event}" };
        Assert.StartsWith("NotificationOptions.ConsoleTemplate is set but ConsoleFormat is JsonLines", Assert.Throws<ArgumentException>(console.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_channel_writes_its_template_then_the_change_lines()
    {
        var output = new StringWriter();
        var options = new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Console },
            ConsoleWriter = output,
            ConsoleTemplate = "[{event}] {environment} v{version}: {change_count} change(s) in {files}",
            ShutdownTimeout = Patience,
        };
        await using (var manager = new ConfigurationNotificationManager(options))
        {
            manager.Publish(SecretReload());
            Assert.True(await manager.FlushAsync(Patience));
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("[config_reloaded] testing v2: 2 change(s) in [environments/development.yaml]", lines[0]);
        Assert.Equal("  ~ redis.port: 6379 -> 6380", lines[1]);
        Assert.DoesNotContain(NewSecret, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_template_colours_the_event_on_a_terminal()
    {
        var output = new StringWriter();
        new ConsoleNotificationChannel(output, color: true, template: NotificationTemplate.Parse("{event}!", "t")).HandleNotification(Failed());
        Assert.StartsWith("\u001b[1;31mconfig_failed\u001b[0m!\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_channel_writes_its_template_in_the_text_format()
    {
        using var dir = new TempConfigDir();
        var path = Path.Combine(dir.Path, "notifications.log");
        var options = new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.File },
            FilePath = path,
            FileFormat = NotificationFormat.Text,
            FileTemplate = "{timestamp} {event} {message}",
            ShutdownTimeout = Patience,
        };
        await using (var manager = new ConfigurationNotificationManager(options))
        {
            manager.Publish(Failed());
            Assert.True(await manager.FlushAsync(Patience));
        }

        Assert.Equal(
            "2026-11-27T22:10:03.123Z config_failed reload failed; version 3 stays live\n  ! environments/development.yaml:4:9: redis.port: expected an int, found 'abc'\n",
            await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task The_log_channel_writes_its_template_and_keeps_the_structured_properties()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        var options = new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Log },
            LogTemplate = "{event} v{version} {was}: {changes}",
            ShutdownTimeout = Patience,
        };
        await using (var manager = new ConfigurationNotificationManager(options, factory))
        {
            manager.Publish(SecretReload());
            Assert.True(await manager.FlushAsync(Patience));
        }

        var record = Assert.Single(provider.Collector.GetSnapshot(), r => r.Category == typeof(LogNotificationChannel).FullName);
        Assert.Equal("config_reloaded v2 (was v1): redis.port: 6379 -> 6380; redis.password: \"***\" -> \"***\"", record.Message);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal(6100, record.Id.Id);
        Assert.Equal("config_reloaded", record.GetStructuredStateValue("EventType"));
        Assert.Equal("2", record.GetStructuredStateValue("ChangeCount"));
        Assert.Equal(options.LogTemplate, record.GetStructuredStateValue("{OriginalFormat}"));
        Assert.DoesNotContain(NewSecret, string.Join("|", record.StructuredState!.Select(p => p.Value)), StringComparison.Ordinal);
    }
}
