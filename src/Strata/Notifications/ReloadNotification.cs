using Strata.Model;
using Strata.Snapshots;

namespace Strata.Notifications;

/// <summary>
/// One event of the hot-reload system, with everything a subscriber needs: the files involved, the
/// versions before and after, the leaf changes, the errors, and the migrations applied. Values in
/// <see cref="Changes"/> are unredacted as published; <see cref="ConfigurationNotificationManager"/> masks secrets
/// before any channel or subscriber sees the notification.
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

    /// <summary>The contract name of an event type, as it appears in JSON and on the command line: snake_case, e.g. <c>config_reloaded</c>.</summary>
    /// <param name="eventType">The event.</param>
    public static string EventName(ReloadEvent eventType) => eventType switch
    {
        ReloadEvent.ConfigLoaded => "config_loaded",
        ReloadEvent.FileChanged => "file_changed",
        ReloadEvent.ConfigReloaded => "config_reloaded",
        ReloadEvent.ConfigFailed => "config_failed",
        ReloadEvent.ConfigRolledBack => "config_rolled_back",
        _ => "migration_applied",
    };

    /// <summary>Parses a contract name (see <see cref="EventName"/>), ignoring case and surrounding spaces.</summary>
    /// <param name="name">The name.</param>
    /// <param name="eventType">The event.</param>
    /// <returns>True when <paramref name="name"/> names an event.</returns>
    public static bool TryParseEventName(string? name, out ReloadEvent eventType)
    {
        foreach (var candidate in Enum.GetValues<ReloadEvent>())
        {
            if (string.Equals(EventName(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                eventType = candidate;
                return true;
            }
        }

        eventType = default;
        return false;
    }
}
