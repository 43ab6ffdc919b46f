namespace Strata.Notifications;

/// <summary>What happened. The contract spelling (snake_case) is given by <see cref="ReloadNotification.EventName"/>.</summary>
public enum ReloadEvent
{
    /// <summary><c>config_loaded</c>: the first snapshot was published.</summary>
    ConfigLoaded,

    /// <summary><c>file_changed</c>: a watched file changed (reload not yet run).</summary>
    FileChanged,

    /// <summary><c>config_reloaded</c>: a new snapshot was published.</summary>
    ConfigReloaded,

    /// <summary><c>config_failed</c>: a reload failed; the published snapshot is unchanged.</summary>
    ConfigFailed,

    /// <summary><c>config_rolled_back</c>: an earlier snapshot was republished as a new version.</summary>
    ConfigRolledBack,

    /// <summary><c>migration_applied</c>: a layer was migrated to the latest version during a reload.</summary>
    MigrationApplied,
}
