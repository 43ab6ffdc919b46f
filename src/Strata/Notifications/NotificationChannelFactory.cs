using Microsoft.Extensions.Logging;
using Strata.Notifications.Channels;
using Strata.Secrets;

namespace Strata.Notifications;

/// <summary>Builds the built-in output channels (File, Console, Log, Queue) that <see cref="NotificationOptions"/> enables.</summary>
internal static class NotificationChannelFactory
{
    /// <summary>The name of a channel in statistics and logs: its built-in subscriber's name, or the channel's totals.</summary>
    /// <param name="channel">The channel.</param>
    public static string NameOf(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Console => "console",
        NotificationChannel.Log => "log",
        NotificationChannel.File => "file",
        NotificationChannel.Queue => "queue",
        NotificationChannel.Callback => "callback",
        _ => "async-callback",
    };

    /// <summary>
    /// Creates a subscriber for every enabled built-in channel, in the order File, Console, Log, Queue. Each takes
    /// <see cref="NotificationOptions.Filter"/> as its filter; the manager disposes those that are <see cref="IDisposable"/>.
    /// </summary>
    /// <param name="options">The validated options.</param>
    /// <param name="redactor">Masks secrets in what the channels write.</param>
    /// <param name="loggerFactory">Creates the Log channel's logger.</param>
    /// <exception cref="IOException">The File channel is on and its file cannot be opened.</exception>
    public static IReadOnlyList<(NotificationChannel Channel, object Subscriber)> Create(NotificationOptions options, SecretRedactor redactor, ILoggerFactory loggerFactory)
    {
        var filter = options.Filter;
        var channels = new List<(NotificationChannel, object)>();
        if (options.IsEnabled(NotificationChannel.File))
        {
            channels.Add((NotificationChannel.File, new FileNotificationChannel(options.FilePath!, options.FileMaxBytes, options.FileMaxRotatedFiles, options.FileFormat, redactor, filter, NotificationTemplate.Parse(options.FileTemplate, "NotificationOptions.FileTemplate"))));
        }

        if (options.IsEnabled(NotificationChannel.Console))
        {
            channels.Add((NotificationChannel.Console, new ConsoleNotificationChannel(options.ConsoleWriter, options.ConsoleFormat, options.ConsoleColor, redactor, filter, NotificationTemplate.Parse(options.ConsoleTemplate, "NotificationOptions.ConsoleTemplate"))));
        }

        if (options.IsEnabled(NotificationChannel.Log))
        {
            channels.Add((NotificationChannel.Log, new LogNotificationChannel(loggerFactory.CreateLogger<LogNotificationChannel>(), options.LogLevel, redactor, filter, options.LogTemplate)));
        }

        if (options.IsEnabled(NotificationChannel.Queue))
        {
            channels.Add((NotificationChannel.Queue, new QueueNotificationChannel(options.MaxQueueSize, options.FullQueuePolicy)));
        }

        return channels;
    }
}
