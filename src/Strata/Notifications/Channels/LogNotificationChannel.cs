using Microsoft.Extensions.Logging;
using Strata.Secrets;

namespace Strata.Notifications.Channels;

/// <summary>
/// Writes each notification as one <see cref="ILogger"/> entry whose level follows the event: <c>config_failed</c> → Error,
/// <c>config_rolled_back</c> → Warning, <c>config_loaded</c> / <c>config_reloaded</c> → Information, everything else → Debug.
/// The entry carries structured properties <c>EventType</c>, <c>Version</c>, <c>OldVersion</c>, <c>Priority</c>, <c>ChangeCount</c>,
/// <c>ErrorCount</c>, <c>Files</c>, <c>Changes</c> (one <c>path: old -&gt; new</c> text each), <c>Errors</c>
/// (one <c>file:line:column: path: message</c> each) and <c>Message</c>; secrets are masked. A template other than
/// <see cref="NotificationOptions.DefaultLogTemplate"/> replaces the message text and keeps those properties.
/// </summary>
internal sealed partial class LogNotificationChannel : INotificationSubscriber
{
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;
    private readonly NotificationTemplate? _template;

    /// <summary>Creates the channel.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="minimumLevel">Entries below this level are not written (the logger's own filters apply as well).</param>
    /// <param name="redactor">Masks secrets; <see cref="SecretRedactor.Default"/> when null.</param>
    /// <param name="filter">Which notifications to log; null for all.</param>
    /// <param name="template">The message template; the default entry when null or <see cref="NotificationOptions.DefaultLogTemplate"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="template"/> is not a valid template.</exception>
    public LogNotificationChannel(ILogger logger, LogLevel minimumLevel = LogLevel.Debug, SecretRedactor? redactor = null, NotificationFilter? filter = null, string? template = null)
    {
        _template = template is null || template == NotificationOptions.DefaultLogTemplate ? null : NotificationTemplate.Parse(template, "NotificationOptions.LogTemplate");
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _redactor = redactor ?? SecretRedactor.Default;
        MinimumLevel = minimumLevel;
        Filter = filter;
    }

    /// <inheritdoc />
    public NotificationFilter? Filter { get; }

    /// <summary>The lowest level written.</summary>
    public LogLevel MinimumLevel { get; }

    /// <summary>The level an event is logged at.</summary>
    /// <param name="eventType">The event.</param>
    public static LogLevel LevelFor(ReloadEvent eventType) => eventType switch
    {
        ReloadEvent.ConfigFailed => LogLevel.Error,
        ReloadEvent.ConfigRolledBack => LogLevel.Warning,
        ReloadEvent.ConfigLoaded or ReloadEvent.ConfigReloaded => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    /// <inheritdoc />
    public void HandleNotification(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var level = LevelFor(notification.EventType);
        if (level < MinimumLevel || !_logger.IsEnabled(level))
        {
            return;
        }

        var n = NotificationRedaction.Redact(notification, _redactor);
        string[] changes = [.. n.Changes.Select(c => NotificationText.FormatChange(c, _redactor))];
        string[] errors = [.. n.Errors.Select(e => e.ToString())];
        if (_template is not null)
        {
            var entry = new TemplatedLogEntry(_template.Render(n, _redactor), _template.Text, n, changes, errors);
            _logger.Log(level, new EventId(6100, "ConfigurationNotification"), entry, null, static (e, _) => e.Text);
            return;
        }

        var eventName = ReloadNotification.EventName(n.EventType);
        LogNotification(
            _logger,
            level,
            eventName,
            n.Version,
            n.OldVersion,
            n.Priority,
            n.Changes.Count,
            n.Errors.Count,
            n.Message,
            n.Files,
            changes,
            errors);
    }

    [LoggerMessage(
        EventId = 6100,
        EventName = "ConfigurationNotification",
        Message = "Configuration {EventType} version {Version} (was {OldVersion}, priority {Priority}): {Message}; {ChangeCount} change(s): {Changes}; {ErrorCount} error(s): {Errors}; files: {Files}")]
    private static partial void LogNotification(
        ILogger logger,
        LogLevel level,
        string eventType,
        long version,
        long? oldVersion,
        NotificationPriority priority,
        int changeCount,
        int errorCount,
        string message,
        IReadOnlyList<string> files,
        IReadOnlyList<string> changes,
        IReadOnlyList<string> errors);
}
