using Strata.Model;
using Strata.Snapshots;

namespace Strata.Notifications;

/// <summary>
/// One event of the hot-reload system, with everything a subscriber needs: the files involved, the
/// versions before and after, the leaf changes, the errors, and the migrations applied. Values in
/// <see cref="Changes"/> are unredacted as published; <see cref="ConfigurationNotificationManager"/> masks secrets
/// (<see cref="NotificationRedaction"/>) before any channel or subscriber sees the notification.
/// </summary>
public sealed record ReloadNotification
{
    /// <summary>What happened.</summary>
    public required ReloadEvent EventType { get; init; }

    /// <summary>When it happened (from the reloader's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The current version after the event (the new one when a snapshot was published, the unchanged one otherwise).</summary>
    public long Version { get; init; }

    /// <summary>The version before the event, if there was one.</summary>
    public long? OldVersion { get; init; }

    /// <summary>Files involved, relative to the config directory.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Changed leaves, one per path.</summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];

    /// <summary>Errors (for <see cref="ReloadEvent.ConfigFailed"/>), each at <c>file:line:column</c>.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; init; } = [];

    /// <summary>Migration steps applied, one line each.</summary>
    public IReadOnlyList<string> Migrations { get; init; } = [];

    /// <summary>A one-line human summary.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>How urgent it is.</summary>
    public NotificationPriority Priority { get; init; } = NotificationPriority.Normal;

    /// <summary>The snapshot before the event, when there was one.</summary>
    public ConfigSnapshot? OldSnapshot { get; init; }

    /// <summary>The snapshot after the event (the current one).</summary>
    public ConfigSnapshot? NewSnapshot { get; init; }

    /// <summary>True for events that report success (loaded, reloaded, rolled back, migration applied, file changed).</summary>
    public bool IsSuccess => EventType != ReloadEvent.ConfigFailed;

    /// <summary>The default priority of an event type.</summary>
    /// <param name="eventType">The event.</param>
    public static NotificationPriority DefaultPriority(ReloadEvent eventType) => eventType switch
    {
        ReloadEvent.ConfigFailed => NotificationPriority.Critical,
        ReloadEvent.ConfigRolledBack => NotificationPriority.High,
        ReloadEvent.FileChanged => NotificationPriority.Low,
        _ => NotificationPriority.Normal,
    };
}
