using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload.History;
using Strata.Reload.Strategies;
using Strata.Reload.Watching;
using Strata.Snapshots;

namespace Strata.Reload;

/// <summary>
/// Keeps a configuration live while its files change. It watches the config directory (events, or
/// polling as a fallback), lets the strategy decide when to reload, runs the pipeline, and publishes
/// a new snapshot with one reference swap — only when the candidate is valid and differs from the
/// current one. A failed reload leaves the last known good snapshot in place and reports
/// <c>config_failed</c>. All reloads and rollbacks run one at a time on one worker; readers never lock.
/// </summary>
public sealed partial class ConfigurationHotReloader : IAsyncDisposable
{
    private readonly ConfigurationPipeline _pipeline;
    private readonly IConfigChangeSource? _customSource;
    private readonly ILogger _logger;
    private readonly PendingChanges _pending = new();
    private readonly bool _ownsNotifications;
    private readonly ReloadCounters _counters = new();
    private readonly ReloadReporter _report;
    private readonly ReloadQueue _queue;
    private readonly BackupWriter? _backups;
    private readonly SnapshotPublisher _published;
    private IConfigChangeSource? _source;
    private ReloadStrategyHandler? _handler;
    private PosixSignalRegistration? _sigHup;
    private long _filesParsedBaseline;
    private int _reloading;

    /// <summary>Creates a reloader. Nothing is read until <see cref="StartAsync"/>.</summary>
    /// <param name="manager">The config directory, environment, agent and pipeline settings.</param>
    /// <param name="options">Reload settings; defaults when null.</param>
    /// <param name="changeSource">How changes are detected; file-system events (or polling, per options) when null.</param>
    /// <param name="logger">A logger; none when null.</param>
    /// <param name="notifications">Where events are published; a manager with the callback channels (owned and disposed by the reloader) when null.</param>
    public ConfigurationHotReloader(EnvironmentConfigManager manager, ReloadOptions? options = null, IConfigChangeSource? changeSource = null, ILogger? logger = null, ConfigurationNotificationManager? notifications = null)
    {
        ArgumentNullException.ThrowIfNull(manager);
        Manager = manager;
        Options = options ?? new ReloadOptions();
        _customSource = changeSource;
        _logger = logger is null ? NullLogger.Instance : new GuardedLogger(logger);
        _pipeline = new ConfigurationPipeline(manager);
        _ownsNotifications = notifications is null;
        Notifications = notifications ?? new ConfigurationNotificationManager(
            new NotificationOptions
            {
                EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback },
                Redactor = manager.Options.Redactor,
            },
            timeProvider: Options.TimeProvider);
        _report = new ReloadReporter(Notifications, Options.TimeProvider, _logger, _counters);
        _queue = new ReloadQueue(ExecuteAsync, ex => _report.Unexpected(ex, "running a reload", Current));
        _backups = Options.BackupDirectory is { Length: > 0 } backupDirectory ? new BackupWriter(backupDirectory, Options.MaxBackups, manager.Options.Redactor) : null;
        _published = new SnapshotPublisher(Options, _backups, _report, _counters, _logger);
    }

    /// <summary>The configuration being reloaded.</summary>
    public EnvironmentConfigManager Manager { get; }

    /// <summary>The reload settings.</summary>
    public ReloadOptions Options { get; }

    /// <summary>Where every event is published: subscribe channels, callbacks, filters and section callbacks here.</summary>
    public ConfigurationNotificationManager Notifications { get; }

    /// <summary>The published snapshot: one volatile read, no lock. Throws before <see cref="StartAsync"/> has loaded it.</summary>
    public ConfigSnapshot Current => _published.Current ?? throw new InvalidOperationException("the configuration has not been loaded yet; call StartAsync first");

    /// <summary>True while files are being watched.</summary>
    public bool IsMonitoring => _queue.IsRunning;

    /// <summary>The retained versions, oldest first (at most <see cref="ReloadOptions.MaxBackups"/>).</summary>
    public IReadOnlyList<ConfigSnapshot> History => _published.History;

    /// <summary>The backup files written so far (when <see cref="ReloadOptions.BackupDirectory"/> is set), oldest first.</summary>
    public IReadOnlyList<string> GetConfigBackups() => _backups?.List() ?? [];

    /// <summary>Replaces the file-system event source (tests use it to simulate a watcher that cannot start).</summary>
    internal Func<IConfigChangeSource>? EventSourceFactory { get; set; }

    internal long CurrentVersionOrZero => _published.Current?.Version ?? 0;

    /// <summary>
    /// Loads the configuration (throwing <see cref="ConfigurationLoadException"/> when it is invalid, whatever the
    /// stage that failed: at start-up there is no last known good to keep; <c>config_failed</c> is reported too),
    /// publishes version 1, and starts watching.
    /// </summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!_queue.Start())
        {
            return;
        }

        if (_published.Current is null)
        {
            var result = _pipeline.Run(1, live: null);
            if (result.Snapshot is null)
            {
                _report.LoadFailed(result);
                await StopAsync().ConfigureAwait(false);
                throw new ConfigurationLoadException(result.Errors);
            }

            _published.Publish(result.Snapshot, previous: null, ReloadEvent.ConfigLoaded, [], result.Files, $"configuration loaded: version 1, {result.Snapshot.Count} keys from {string.Join(", ", result.Files)}; {Manager.DescribeEnvironment()}");
            ReloaderLog.Loaded(_logger, 1, Manager.ConfigDirectory, Manager.Environment, Manager.Agent is null ? string.Empty : "/" + Manager.Agent);
            TrackLinks(result);
        }

        try
        {
            await StartWatchingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The configuration stays loaded and readable; nothing keeps running half-started.
            await StopAsync().ConfigureAwait(false);
            throw;
        }

        StrataTelemetry.Track(this);
    }

    private async Task StartWatchingAsync(CancellationToken cancellationToken)
    {
        _handler = ReloadStrategyHandler.Create(Options, _queue.Trigger, _customSource?.SignalsWholeChanges ?? false);
        _source = await ChangeSourceStarter.StartAsync(_customSource, EventSourceFactory, Manager, Options, OnChange, Record, _logger, cancellationToken).ConfigureAwait(false);
        if (Options.ReloadOnSigHup && !OperatingSystem.IsWindows())
        {
            _sigHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _queue.Post(ReloadRequestKind.Reload);
            });
        }

        if (Options.Strategy != ReloadStrategy.Manual)
        {
            // A save between the initial read and the watcher's start would otherwise wait for the next change;
            // checked before StartAsync returns, so later changes go through the strategy as usual.
            await Enqueue(ReloadRequestKind.Recheck, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops watching. <see cref="Current"/> stays readable.</summary>
    public async Task StopAsync()
    {
        var worker = _queue.BeginStop();
        _sigHup?.Dispose();
        _sigHup = null;
        if (_source is not null)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
            _source = null;
        }

        _handler?.Dispose();
        _handler = null;
        await _queue.EndStopAsync(worker).ConfigureAwait(false);
        StrataTelemetry.Untrack(this);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_ownsNotifications)
        {
            await Notifications.DisposeAsync().ConfigureAwait(false);
        }

        _queue.Dispose();
    }

    /// <summary>Reloads now, whatever the strategy, after any reload already running.</summary>
    /// <param name="cancellationToken">Stops waiting (the reload itself still runs).</param>
    public Task<ReloadOutcome> ReloadNowAsync(CancellationToken cancellationToken = default) =>
        Enqueue(ReloadRequestKind.Reload, null, cancellationToken);

    /// <summary>Republishes the previous retained version as a new version.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<ReloadOutcome> RollbackAsync(CancellationToken cancellationToken = default) =>
        Enqueue(ReloadRequestKind.Rollback, null, cancellationToken);

    /// <summary>Republishes a retained version as a new version.</summary>
    /// <param name="version">The version whose content to restore.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<ReloadOutcome> RollbackToAsync(long version, CancellationToken cancellationToken = default) =>
        Enqueue(ReloadRequestKind.Rollback, version, cancellationToken);

    /// <summary>Waits until a version at least <paramref name="version"/> is published.</summary>
    /// <param name="version">The version to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<ConfigSnapshot> WaitForVersionAsync(long version, CancellationToken cancellationToken = default) =>
        _published.WaitForVersionAsync(version, cancellationToken);

    /// <summary>Waits until every reload requested so far has run (the worker processes requests in order).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    internal Task DrainAsync(CancellationToken cancellationToken = default) => Enqueue(ReloadRequestKind.Barrier, null, cancellationToken);

    /// <summary>
    /// Calls <paramref name="callback"/> for every notification (secrets masked), on its own background worker,
    /// in version order. A callback that throws or stalls is counted and logged and never affects reloads or
    /// other subscribers. Dispose the result to unsubscribe.
    /// </summary>
    /// <param name="callback">The callback.</param>
    /// <param name="filter">Which notifications to deliver; all when null.</param>
    public IDisposable AddNotificationCallback(Action<ReloadNotification> callback, NotificationFilter? filter = null) => Notifications.AddCallback(callback, filter);

    /// <summary>
    /// Calls <paramref name="handler"/> on the reload worker right after each snapshot is published (loaded, reloaded
    /// or rolled back) and before any notification about it is sent, so adapters such as the
    /// <c>IConfiguration</c> provider are up to date by the time subscribers hear of the version. The handler must be
    /// quick; an exception from it is logged and ignored. Dispose the result to stop.
    /// </summary>
    /// <param name="handler">Receives the published snapshot.</param>
    public IDisposable OnSnapshotPublished(Action<ConfigSnapshot> handler) => _published.AddHandler(handler);

    /// <summary>
    /// Waits (up to 30 seconds) until the notifications of every version published so far, the current one included,
    /// have been delivered.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task FlushNotificationsAsync(CancellationToken cancellationToken = default)
    {
        var limit = TimeSpan.FromSeconds(30);
        using var reported = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reported.CancelAfter(limit);
        try
        {
            await _published.WaitUntilReportedAsync(reported.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A publish still running its handlers or backup after the limit: flush what has been reported.
        }

        await Notifications.FlushAsync(limit, cancellationToken).ConfigureAwait(false);
    }

    private Task<ReloadOutcome> Enqueue(ReloadRequestKind kind, long? version, CancellationToken cancellationToken)
    {
        if (_published.Current is null)
        {
            throw new InvalidOperationException("the configuration has not been loaded yet; call StartAsync first");
        }

        return _queue.RunAsync(kind, version, cancellationToken);
    }

    private async Task<ReloadOutcome> ExecuteAsync(ReloadRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind == ReloadRequestKind.Barrier)
        {
            return new ReloadOutcome(ReloadStatus.Unchanged, Current, [], [], [], TimeSpan.Zero);
        }

        ReloadOutcome outcome;
        Volatile.Write(ref _reloading, 1);
        try
        {
            outcome = request.Kind == ReloadRequestKind.Rollback
                ? _published.Rollback(request.Version, "requested")
                : await ReloadAsync(request.Kind, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = _report.Unexpected(ex, request.Kind == ReloadRequestKind.Rollback ? "rolling back" : "reloading", Current);
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }

        try
        {
            _handler?.OnReloaded();
        }
        catch (ObjectDisposedException)
        {
            // StopAsync raced this reload; nothing is waiting for the strategy any more.
        }

        return outcome;
    }

    private async Task<ReloadOutcome> ReloadAsync(ReloadRequestKind kind, CancellationToken cancellationToken)
    {
        var pending = _pending.Take();
        var quietWhenUnchanged = kind == ReloadRequestKind.Recheck;

        // A reload the watcher's events triggered reads only the files they name; any other reload reads every file.
        var known = kind == ReloadRequestKind.Triggered && _source is FileSystemChangeSource && pending.Count > 0 && !pending.Contains(PendingChanges.Structural)
            ? pending
            : null;

        using var activity = StrataTelemetry.ActivitySource.StartActivity("strata.reload");
        var started = Stopwatch.GetTimestamp();
        var current = Current;
        var result = _pipeline.Run(current.Version + 1, current, known);
        var duration = Stopwatch.GetElapsedTime(started);
        _counters.Ran(duration, Options.TimeProvider.GetUtcNow());
        if (known is null || known.Any(IsLink))
        {
            // Which targets to watch changes only when a layer file is (or has become) a link, or with a structural
            // event, after which every file is read; a reload of plain files its events named keeps the targets it has.
            TrackLinks(result);
        }

        var files = result.ChangedFiles.Count > 0 ? result.ChangedFiles : [.. pending.Where(p => p != PendingChanges.Structural)];
        activity?.SetTag("strata.version", current.Version);
        activity?.SetTag("strata.files", string.Join(",", files));

        if (result.Snapshot is null)
        {
            _report.LogExceptions(result, "reloading", current.Version);
            activity?.SetStatus(ActivityStatusCode.Error, result.Errors.Count > 0 ? result.Errors[0].ToString() : null);
            return _report.Failed(current, files, result.Errors, duration);
        }

        var changes = ConfigDiff.Compute(current.Root, result.Snapshot.Root);
        if (changes.Count == 0 && quietWhenUnchanged)
        {
            return new ReloadOutcome(ReloadStatus.Unchanged, current, [], [], files, duration);
        }

        if (changes.Count == 0)
        {
            _counters.Identical();
            ReloaderLog.Identical(_logger, current.Version);
            return new ReloadOutcome(ReloadStatus.Unchanged, current, [], [], files, duration);
        }

        if (result.Migrations.Count > 0)
        {
            _report.Migrated(current, files, result.Migrations);
        }

        // Counted before the swap, so whoever sees the new version also sees it in the statistics.
        _counters.Reloaded();
        _published.Publish(result.Snapshot, current, ReloadEvent.ConfigReloaded, changes, files,
            $"configuration reloaded: version {result.Snapshot.Version}, {changes.Count} change(s) from {(files.Count == 0 ? "(links)" : string.Join(", ", files))}");
        ReloaderLog.Reloaded(_logger, result.Snapshot.Version, changes.Count, string.Join(", ", files));

        return await _published.CheckHealthAsync(result.Snapshot, duration, files, cancellationToken).ConfigureAwait(false)
            ?? new ReloadOutcome(ReloadStatus.Published, result.Snapshot, changes, [], files, duration);
    }

    private bool IsLink(string relativePath) => new FileInfo(Path.Combine(Manager.ConfigDirectory, relativePath)).LinkTarget is not null;

    private void TrackLinks(PipelineResult result)
    {
        if (_source is FileSystemChangeSource events)
        {
            events.TrackLinkTargets(result.Files.Select(f => Path.Combine(Manager.ConfigDirectory, f)));
        }
    }
}
