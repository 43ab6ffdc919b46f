using Microsoft.Extensions.Logging;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Snapshots;

namespace Strata.Reload;

/// <summary>
/// Says what the reloader did: builds each notification and publishes it, and counts and logs failures. Reporting
/// never throws (a notification that cannot be sent is logged), so it never undoes a publish and can be the last thing
/// a failing reload does.
/// </summary>
internal sealed class ReloadReporter(ConfigurationNotificationManager notifications, TimeProvider time, ILogger logger, ReloadCounters counters)
{
    /// <summary>Reports a published snapshot: loaded, reloaded or rolled back.</summary>
    public void Published(ConfigSnapshot snapshot, ConfigSnapshot? previous, ReloadEvent eventType, IReadOnlyList<ConfigChange> changes, IReadOnlyList<string> files, string message) =>
        Send(snapshot.Version, () => new ReloadNotification
        {
            EventType = eventType,
            Timestamp = time.GetUtcNow(),
            Version = snapshot.Version,
            OldVersion = previous?.Version,
            Files = files,
            Changes = changes,
            Message = message,
            Priority = ReloadNotification.DefaultPriority(eventType),
            OldSnapshot = previous,
            NewSnapshot = snapshot,
        });

    /// <summary>Reports files that changed and are waiting for a reload.</summary>
    public void FilesChanged(ConfigSnapshot current, IReadOnlyList<string> files) =>
        Send(current.Version, () => Unchanged(ReloadEvent.FileChanged, current) with
        {
            Files = files,
            Message = "changed: " + string.Join(", ", files),
        });

    /// <summary>Reports migrations applied to a candidate that is about to be published.</summary>
    public void Migrated(ConfigSnapshot current, IReadOnlyList<string> files, IReadOnlyList<string> migrations) =>
        Send(current.Version, () => Unchanged(ReloadEvent.MigrationApplied, current) with
        {
            Files = files,
            Migrations = migrations,
            Message = "migrated: " + string.Join("; ", migrations),
        });

    /// <summary>Counts, logs and reports a failed reload; the published snapshot stays as it is.</summary>
    public ReloadOutcome Failed(ConfigSnapshot current, IReadOnlyList<string> files, IReadOnlyList<ConfigurationError> errors, TimeSpan duration)
    {
        var notification = FailedNotification(current, files, errors, $"reload failed, version {current.Version} stays live");
        counters.Failed(FirstError(notification));
        ReloaderLog.Failed(logger, current.Version, string.Join("; ", errors));
        Send(current.Version, () => notification);
        return new ReloadOutcome(ReloadStatus.Failed, current, [], errors, files, duration);
    }

    /// <summary>Reports an exception that escaped a reload or rollback as a failed reload.</summary>
    public ReloadOutcome Unexpected(Exception exception, string activity, ConfigSnapshot current)
    {
        var error = UnexpectedError.For(exception, null);
        ReloaderLog.Unexpected(logger, exception, activity, current.Version, error.Message);
        return Failed(current, [], [error], TimeSpan.Zero);
    }

    /// <summary>Counts, logs and reports a start-up load that failed: there is no version yet (<c>config_failed</c> with version 0).</summary>
    public void LoadFailed(PipelineResult result)
    {
        LogExceptions(result, "loading", 0);
        var notification = FailedNotification(null, result.ChangedFiles.Count > 0 ? result.ChangedFiles : result.Files, result.Errors, "configuration not loaded");
        counters.Failed(FirstError(notification));
        ReloaderLog.Failed(logger, 0, string.Join("; ", result.Errors));
        Send(0, () => notification);
    }

    /// <summary>Logs, with their stack traces, the exceptions a pipeline run turned into errors.</summary>
    public void LogExceptions(PipelineResult result, string activity, long version)
    {
        foreach (var exception in result.Exceptions)
        {
            ReloaderLog.Unexpected(logger, exception, activity, version, UnexpectedError.Describe(exception));
        }
    }

    private void Send(long version, Func<ReloadNotification> build)
    {
        try
        {
            notifications.Publish(build());
        }
        catch (Exception ex)
        {
            ReloaderLog.Unexpected(logger, ex, "sending a notification", version, UnexpectedError.Describe(ex));
        }
    }

    /// <summary>A notification about an event that leaves <paramref name="current"/> published.</summary>
    private ReloadNotification Unchanged(ReloadEvent eventType, ConfigSnapshot current) => new()
    {
        EventType = eventType,
        Timestamp = time.GetUtcNow(),
        Version = current.Version,
        OldVersion = current.Version,
        Priority = ReloadNotification.DefaultPriority(eventType),
    };

    /// <summary>
    /// The first error, secrets masked as in the notification, for <see cref="ReloadStatistics.LastError"/> (statistics
    /// are printed and exported, so they follow the same rule as every other output).
    /// </summary>
    private string FirstError(ReloadNotification failed)
    {
        var errors = NotificationRedaction.Redact(failed, notifications.Options.Redactor).Errors;
        return errors.Count > 0 ? errors[0].ToString() : "unknown error";
    }

    /// <summary>A <c>config_failed</c> notification; <paramref name="current"/> is null when nothing has been published yet.</summary>
    private ReloadNotification FailedNotification(ConfigSnapshot? current, IReadOnlyList<string> files, IReadOnlyList<ConfigurationError> errors, string what) => new()
    {
        EventType = ReloadEvent.ConfigFailed,
        Timestamp = time.GetUtcNow(),
        Version = current?.Version ?? 0,
        OldVersion = current?.Version,
        Priority = ReloadNotification.DefaultPriority(ReloadEvent.ConfigFailed),
        Files = files,
        Errors = errors,
        Message = $"{what}: {(errors.Count > 0 ? errors[0] : null)}" + (errors.Count > 1 ? $" (+{errors.Count - 1} more)" : string.Empty),
        OldSnapshot = current,
        NewSnapshot = current,
    };
}
