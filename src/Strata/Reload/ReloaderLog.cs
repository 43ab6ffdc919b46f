using Microsoft.Extensions.Logging;

namespace Strata.Reload;

/// <summary>Source-generated log messages of the hot reloader.</summary>
internal static partial class ReloaderLog
{
    [LoggerMessage(1, LogLevel.Information, "Configuration version {Version} loaded from {Directory} ({Environment}{Agent})")]
    public static partial void Loaded(ILogger logger, long version, string directory, string environment, string agent);

    [LoggerMessage(2, LogLevel.Information, "Configuration reloaded: version {Version}, {ChangeCount} change(s) from {Files}")]
    public static partial void Reloaded(ILogger logger, long version, int changeCount, string files);

    [LoggerMessage(3, LogLevel.Error, "Configuration reload failed; version {Version} stays live: {Error}")]
    public static partial void Failed(ILogger logger, long version, string error);

    [LoggerMessage(4, LogLevel.Warning, "Configuration rolled back to the content of version {FromVersion} as version {Version}: {Reason}")]
    public static partial void RolledBack(ILogger logger, long version, long fromVersion, string reason);

    [LoggerMessage(5, LogLevel.Warning, "File-system events unavailable ({Reason}); polling every {Interval}")]
    public static partial void FallingBackToPolling(ILogger logger, string reason, TimeSpan interval);

    [LoggerMessage(6, LogLevel.Warning, "Backup of version {Version} could not be written: {Reason}")]
    public static partial void BackupFailed(ILogger logger, Exception exception, long version, string reason);

    [LoggerMessage(7, LogLevel.Debug, "Reload skipped: content identical to version {Version}")]
    public static partial void Identical(ILogger logger, long version);

    [LoggerMessage(8, LogLevel.Warning, "Health check rejected version {Version}: {Reason}")]
    public static partial void HealthCheckFailed(ILogger logger, Exception? exception, long version, string reason);

    [LoggerMessage(9, LogLevel.Warning, "A published-snapshot handler failed for version {Version}: {Reason}")]
    public static partial void PublishedHandlerFailed(ILogger logger, Exception exception, long version, string reason);

    [LoggerMessage(10, LogLevel.Error, "Unexpected error while {Activity}; version {Version} stays live: {Error}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string activity, long version, string error);
}
