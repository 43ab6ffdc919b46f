namespace Strata.Notifications;

/// <summary>Where notifications go. <see cref="NotificationOptions.EnabledChannels"/> turns each one on or off.</summary>
public enum NotificationChannel
{
    /// <summary>A readable line per event on a text writer (standard output by default), coloured on a terminal.</summary>
    Console,

    /// <summary>A <c>Microsoft.Extensions.Logging</c> entry per event, its level chosen by the event type.</summary>
    Log,

    /// <summary>One JSON object per line, appended to a file created with mode 0600 and rotated by size.</summary>
    File,

    /// <summary>A bounded in-memory queue the application reads from (<see cref="ConfigurationNotificationManager.Queue"/>), filled as notifications are published.</summary>
    Queue,

    /// <summary>Synchronous subscribers and delegates.</summary>
    Callback,

    /// <summary>Asynchronous subscribers and delegates, each call bounded by <see cref="NotificationOptions.AsyncTimeout"/>.</summary>
    AsyncCallback,
}
