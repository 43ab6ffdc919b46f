using Microsoft.Extensions.Logging;
using Strata.Secrets;

namespace Strata.Notifications;

/// <summary>
/// Settings of a <see cref="ConfigurationNotificationManager"/>.
/// The manager validates them once, when it is created.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>The default size of every bounded queue.</summary>
    public const int DefaultMaxQueueSize = 1000;

    /// <summary>The default size at which the notification file is rotated (10 MiB).</summary>
    public const long DefaultFileMaxBytes = 10L * 1024 * 1024;

    /// <summary>The default number of notifications <see cref="ConfigurationNotificationManager.GetHistory"/> keeps.</summary>
    public const int DefaultHistorySize = 100;

    /// <summary>
    /// The default summary line of the Console and File text formats: <c>{timestamp} {event} v{version} {was} {files} {message}</c>,
    /// e.g. <c>2026-11-27T12:00:01.000Z config_reloaded v2 (was v1) [base.yaml] configuration reloaded</c>.
    /// </summary>
    public const string DefaultTextTemplate = "{timestamp} {event} v{version} {was} {files} {message}";

    /// <summary>
    /// The default Log channel message. With this value the entry is Strata's structured log message
    /// (properties <c>EventType</c>, <c>Version</c>, <c>OldVersion</c>, <c>Priority</c>, <c>Message</c>, <c>ChangeCount</c>,
    /// <c>Changes</c>, <c>ErrorCount</c>, <c>Errors</c>, <c>Files</c>).
    /// </summary>
    public const string DefaultLogTemplate = "Configuration {event} version {version} (was {old_version}, priority {priority}): {message}; {change_count} change(s): {changes}; {error_count} error(s): {errors}; files: {files}";

    /// <summary>
    /// The channels that are on. Console, Log, File and Queue are built-in outputs the manager creates;
    /// Callback and AsyncCallback allow subscribers of each kind (adding one while its channel is off is an error).
    /// Default: Log, Callback and AsyncCallback.
    /// </summary>
    public IReadOnlySet<NotificationChannel> EnabledChannels { get; set; } =
        new HashSet<NotificationChannel> { NotificationChannel.Log, NotificationChannel.Callback, NotificationChannel.AsyncCallback };

    /// <summary>
    /// The priority of notifications the manager creates itself (<see cref="ConfigurationNotificationManager.Publish(ReloadEvent, string, IReadOnlyList{string}?)"/>);
    /// null uses each event's own default (<see cref="ReloadNotification.DefaultPriority"/>).
    /// </summary>
    public NotificationPriority? DefaultPriority { get; set; }

    /// <summary>The capacity of each subscriber's delivery queue and of the Queue channel. Default 1000.</summary>
    public int MaxQueueSize { get; set; } = DefaultMaxQueueSize;

    /// <summary>What a full queue loses. Default <see cref="QueueFullPolicy.DropOldest"/>.</summary>
    public QueueFullPolicy FullQueuePolicy { get; set; } = QueueFullPolicy.DropOldest;

    /// <summary>
    /// How long one asynchronous delivery may take before it counts as timed out and the subscriber moves on to its next
    /// notification (measured with the manager's <see cref="TimeProvider"/>); <see cref="Timeout.InfiniteTimeSpan"/> for no limit. Default 10 s.
    /// </summary>
    public TimeSpan AsyncTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The lowest level the Log channel writes (each event's level is fixed by its type). Default <see cref="Microsoft.Extensions.Logging.LogLevel.Debug"/>.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Debug;

    /// <summary>The File channel's path (required when the File channel is on).</summary>
    public string? FilePath { get; set; }

    /// <summary>The size after which the notification file is rotated. Default 10 MiB.</summary>
    public long FileMaxBytes { get; set; } = DefaultFileMaxBytes;

    /// <summary>How many rotated files (<c>PATH.1</c> newest … <c>PATH.N</c> oldest) are kept. Default 5; 0 keeps none.</summary>
    public int FileMaxRotatedFiles { get; set; } = 5;

    /// <summary>The File channel's format. Default <see cref="NotificationFormat.JsonLines"/>.</summary>
    public NotificationFormat FileFormat { get; set; } = NotificationFormat.JsonLines;

    /// <summary>The Console channel's format. Default <see cref="NotificationFormat.Text"/>.</summary>
    public NotificationFormat ConsoleFormat { get; set; } = NotificationFormat.Text;

    /// <summary>
    /// The Console channel's summary line in the Text format: literal text and fields in braces — <c>{timestamp}</c>,
    /// <c>{event}</c>, <c>{version}</c>, <c>{old_version}</c>, <c>{was}</c>, <c>{files}</c>, <c>{file_count}</c>, <c>{message}</c>,
    /// <c>{priority}</c>, <c>{environment}</c>, <c>{agent}</c>, <c>{change_count}</c>, <c>{changes}</c>, <c>{error_count}</c>,
    /// <c>{errors}</c>, <c>{migrations}</c>; <c>{{</c> and <c>}}</c> for literal braces. A field with nothing to show is left
    /// out with one space before it. The indented change, error and migration lines follow it as usual; secrets are masked.
    /// Default <see cref="DefaultTextTemplate"/>.
    /// </summary>
    public string ConsoleTemplate { get; set; } = DefaultTextTemplate;

    /// <summary>The File channel's summary line in the Text format (fields as for <see cref="ConsoleTemplate"/>). Default <see cref="DefaultTextTemplate"/>.</summary>
    public string FileTemplate { get; set; } = DefaultTextTemplate;

    /// <summary>
    /// The Log channel's message (fields as for <see cref="ConsoleTemplate"/>, on one line). Any other value than
    /// <see cref="DefaultLogTemplate"/> replaces the message text; the entry keeps its level, event id and structured properties.
    /// </summary>
    public string LogTemplate { get; set; } = DefaultLogTemplate;

    /// <summary>
    /// How many of the latest notifications the manager keeps for <see cref="ConfigurationNotificationManager.GetHistory"/>
    /// (secrets masked, without their snapshots); 0 keeps none. Default 100.
    /// </summary>
    public int HistorySize { get; set; } = DefaultHistorySize;

    /// <summary>Where the Console channel writes; null for the process's standard output.</summary>
    public TextWriter? ConsoleWriter { get; set; }

    /// <summary>True or false to force colour on the Console channel; null (default) colours only a real terminal without <c>NO_COLOR</c>.</summary>
    public bool? ConsoleColor { get; set; }

    /// <summary>The filter of the built-in output channels (Console, Log, File, Queue); null lets everything through.</summary>
    public NotificationFilter? Filter { get; set; }

    /// <summary>Masks secrets in every channel; null for <see cref="SecretRedactor.Default"/>.</summary>
    public SecretRedactor? Redactor { get; set; }

    /// <summary>
    /// How long disposing the manager waits for queued deliveries to drain and workers to stop (wall-clock; a shutdown bound,
    /// not behaviour). <see cref="TimeSpan.Zero"/> stops at once. Default 5 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns a copy (the manager keeps one, so later changes to these options do not affect it).</summary>
    public NotificationOptions Clone()
    {
        var copy = (NotificationOptions)MemberwiseClone();
        copy.EnabledChannels = EnabledChannels is null ? null! : new HashSet<NotificationChannel>(EnabledChannels);
        return copy;
    }

    /// <summary>True when <paramref name="channel"/> is in <see cref="EnabledChannels"/>.</summary>
    /// <param name="channel">The channel.</param>
    public bool IsEnabled(NotificationChannel channel) => EnabledChannels.Contains(channel);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (EnabledChannels is null)
        {
            throw new ArgumentException("NotificationOptions.EnabledChannels must not be null", nameof(EnabledChannels));
        }

        if (MaxQueueSize < 1)
        {
            throw new ArgumentException($"NotificationOptions.MaxQueueSize must be at least 1 (was {MaxQueueSize})", nameof(MaxQueueSize));
        }

        if (AsyncTimeout != Timeout.InfiniteTimeSpan && AsyncTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"NotificationOptions.AsyncTimeout must be positive or infinite (was {AsyncTimeout})", nameof(AsyncTimeout));
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"NotificationOptions.ShutdownTimeout must not be negative (was {ShutdownTimeout})", nameof(ShutdownTimeout));
        }

        if (!Enum.IsDefined(FullQueuePolicy))
        {
            throw new ArgumentException($"NotificationOptions.FullQueuePolicy has an unknown value {FullQueuePolicy}", nameof(FullQueuePolicy));
        }

        if (HistorySize < 0)
        {
            throw new ArgumentException($"NotificationOptions.HistorySize must not be negative (was {HistorySize})", nameof(HistorySize));
        }

        ValidateTemplates();

        if (IsEnabled(NotificationChannel.File))
        {
            if (string.IsNullOrWhiteSpace(FilePath))
            {
                throw new ArgumentException("the File channel is enabled but NotificationOptions.FilePath is not set", nameof(FilePath));
            }

            if (FileMaxBytes < 1)
            {
                throw new ArgumentException($"NotificationOptions.FileMaxBytes must be at least 1 (was {FileMaxBytes})", nameof(FileMaxBytes));
            }

            if (FileMaxRotatedFiles < 0)
            {
                throw new ArgumentException($"NotificationOptions.FileMaxRotatedFiles must not be negative (was {FileMaxRotatedFiles})", nameof(FileMaxRotatedFiles));
            }
        }
    }

    private void ValidateTemplates()
    {
        NotificationTemplate.Parse(ConsoleTemplate, "NotificationOptions." + nameof(ConsoleTemplate));
        NotificationTemplate.Parse(FileTemplate, "NotificationOptions." + nameof(FileTemplate));
        NotificationTemplate.Parse(LogTemplate, "NotificationOptions." + nameof(LogTemplate));
        if (IsEnabled(NotificationChannel.Console) && ConsoleFormat == NotificationFormat.JsonLines && ConsoleTemplate != DefaultTextTemplate)
        {
            throw new ArgumentException("NotificationOptions.ConsoleTemplate is set but ConsoleFormat is JsonLines; a template shapes the Text format", nameof(ConsoleTemplate));
        }

        if (IsEnabled(NotificationChannel.File) && FileFormat == NotificationFormat.JsonLines && FileTemplate != DefaultTextTemplate)
        {
            throw new ArgumentException("NotificationOptions.FileTemplate is set but FileFormat is JsonLines (the default); a template shapes the Text format", nameof(FileTemplate));
        }
    }
}
