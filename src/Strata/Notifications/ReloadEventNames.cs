namespace Strata.Notifications;

/// <summary>The contract names of <see cref="ReloadEvent"/> values, as they appear in JSON and on the command line.</summary>
public static class ReloadEventNames
{
    /// <summary>Returns the snake_case name, e.g. <c>config_reloaded</c>.</summary>
    /// <param name="value">The event.</param>
    public static string ToName(ReloadEvent value) => value switch
    {
        ReloadEvent.ConfigLoaded => "config_loaded",
        ReloadEvent.FileChanged => "file_changed",
        ReloadEvent.ConfigReloaded => "config_reloaded",
        ReloadEvent.ConfigFailed => "config_failed",
        ReloadEvent.ConfigRolledBack => "config_rolled_back",
        _ => "migration_applied",
    };

    /// <summary>Parses a snake_case name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The event.</param>
    public static bool TryParse(string? name, out ReloadEvent value)
    {
        foreach (var candidate in Enum.GetValues<ReloadEvent>())
        {
            if (string.Equals(ToName(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
