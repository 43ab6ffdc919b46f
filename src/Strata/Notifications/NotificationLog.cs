using Microsoft.Extensions.Logging;

namespace Strata.Notifications;

/// <summary>The notification manager's own diagnostics (source-generated logging).</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Notification subscriber {Subscriber} ({Channel}) failed on {EventType} version {Version}")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, string subscriber, NotificationChannel channel, string eventType, long version);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Notification subscriber {Subscriber} ({Channel}) timed out after {Timeout} on {EventType} version {Version}; it moves on to its next notification")]
    public static partial void SubscriberTimedOut(ILogger logger, string subscriber, NotificationChannel channel, TimeSpan timeout, string eventType, long version);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Notification subscriber {Subscriber} ({Channel}) is not keeping up: its queue of {Capacity} is full, {Dropped} notification(s) dropped so far")]
    public static partial void SubscriberDropped(ILogger logger, string subscriber, NotificationChannel channel, int capacity, long dropped);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "{Count} notification subscriber(s) did not stop within {Timeout} and were abandoned: {Subscribers}")]
    public static partial void WorkersAbandoned(ILogger logger, int count, TimeSpan timeout, string subscribers);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Notification deliveries did not drain within {Timeout} at shutdown")]
    public static partial void DrainTimedOut(ILogger logger, TimeSpan timeout);
}
