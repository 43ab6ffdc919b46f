namespace Strata.Notifications;

/// <summary>How urgent a notification is; filters can ask for a minimum.</summary>
public enum NotificationPriority
{
    /// <summary>Routine detail (file changes).</summary>
    Low = 0,

    /// <summary>Ordinary events (loads and reloads).</summary>
    Normal = 1,

    /// <summary>Needs attention (rollbacks).</summary>
    High = 2,

    /// <summary>Something failed.</summary>
    Critical = 3,
}
