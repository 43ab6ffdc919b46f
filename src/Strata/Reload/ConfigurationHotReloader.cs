using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
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
public sealed class ConfigurationHotReloader : IAsyncDisposable
{
    private const string StructuralChange = "*";

    private readonly ConfigurationPipeline _pipeline;
    private readonly IConfigChangeSource? _customSource;
    private readonly ILogger _logger;
    private readonly ConfigHistory _history;
    private readonly BackupWriter? _backups;
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly bool _ownsNotifications;
    private readonly Lock _lifecycle = new();
    private readonly SemaphoreSlim _inlineGate = new(1, 1);
    private readonly PublishedHandlers _publishedHandlers;
    private ConfigSnapshot? _current;
    private TaskCompletionSource _publishedSignal = NewSignal();
    private IConfigChangeSource? _source;
    private ReloadStrategyHandler? _handler;
    private PosixSignalRegistration? _sigHup;
    private CancellationTokenSource? _stopping;
    private Task? _worker;
    private int _triggerQueued;
    private long _reloads;
    private long _failures;
    private long _rollbacks;
    private long _identical;
    private long _signals;
    private long _lastDurationTicks;
    private long _lastReloadAtTicks;
    private string? _lastError;

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
        _logger = logger ?? NullLogger.Instance;
        _publishedHandlers = new PublishedHandlers(_logger);
        _pipeline = new ConfigurationPipeline(manager);
        _history = new ConfigHistory(Options.MaxBackups);
        _ownsNotifications = notifications is null;
        Notifications = notifications ?? new ConfigurationNotificationManager(
            new NotificationOptions
            {
                EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback },
                Redactor = manager.Options.Redactor,
            },
            timeProvider: Options.TimeProvider);
        if (Options.BackupDirectory is { Length: > 0 } backupDirectory)
        {
            _backups = new BackupWriter(backupDirectory, Options.MaxBackups, manager.Options.Redactor);
        }
    }

    /// <summary>The configuration being reloaded.</summary>
    public EnvironmentConfigManager Manager { get; }

    /// <summary>The reload settings.</summary>
    public ReloadOptions Options { get; }

    /// <summary>Where every event is published: subscribe channels, callbacks, filters and section callbacks here.</summary>
    public ConfigurationNotificationManager Notifications { get; }

    /// <summary>The published snapshot: one volatile read, no lock. Throws before <see cref="StartAsync"/> has loaded it.</summary>
    public ConfigSnapshot Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("the configuration has not been loaded yet; call StartAsync first");

    /// <summary>True while files are being watched.</summary>
    public bool IsMonitoring => _worker is not null && _stopping is { IsCancellationRequested: false };

    /// <summary>The retained versions, oldest first (at most <see cref="ReloadOptions.MaxBackups"/>).</summary>
    public IReadOnlyList<ConfigSnapshot> History => _history.Items;

    /// <summary>The backup files written so far (when <see cref="ReloadOptions.BackupDirectory"/> is set), oldest first.</summary>
    public IReadOnlyList<string> GetConfigBackups() => _backups?.List() ?? [];

    /// <summary>Replaces the file-system event source (tests use it to simulate a watcher that cannot start).</summary>
    internal Func<IConfigChangeSource>? EventSourceFactory { get; set; }

    internal long CurrentVersionOrZero => Volatile.Read(ref _current)?.Version ?? 0;

    /// <summary>
    /// Loads the configuration (throwing <see cref="ConfigurationLoadException"/> when it is invalid, whatever the
    /// stage that failed: at start-up there is no last known good to keep; <c>config_failed</c> is reported too),
    /// publishes version 1, and starts watching.
    /// </summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycle)
        {
            if (_worker is not null)
            {
                return;
            }

            _stopping?.Dispose();
            _stopping = new CancellationTokenSource();
            _worker = Task.Run(() => WorkAsync(_stopping.Token), CancellationToken.None);
        }

        if (Volatile.Read(ref _current) is null)
        {
            var result = _pipeline.Run(1, live: null);
            if (result.Snapshot is null)
            {
                LogUnexpected(result, "loading", 0);
                Interlocked.Increment(ref _failures);
                Volatile.Write(ref _lastError, result.Errors.Count > 0 ? result.Errors[0].ToString() : "unknown error");
                Notifications.Publish(FailedNotification(null, result.ChangedFiles.Count > 0 ? result.ChangedFiles : result.Files, result.Errors, "configuration not loaded"));
                await StopAsync().ConfigureAwait(false);
                throw new ConfigurationLoadException(result.Errors);
            }

            Publish(result.Snapshot, previous: null, ReloadEvent.ConfigLoaded, [], result.Files, $"configuration loaded: version 1, {result.Snapshot.Count} keys from {string.Join(", ", result.Files)}");
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
        _handler = ReloadStrategyHandler.Create(Options, RequestReload);
        _source = await StartSourceAsync(cancellationToken).ConfigureAwait(false);
        if (Options.ReloadOnSigHup && !OperatingSystem.IsWindows())
        {
            _sigHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _requests.Writer.TryWrite(new Request(RequestKind.Reload, null, null));
            });
        }

        if (Options.Strategy != ReloadStrategy.Manual)
        {
            // A save between the initial read and the watcher's start would otherwise wait for the next change;
            // checked before StartAsync returns, so later changes go through the strategy as usual.
            await Enqueue(RequestKind.Recheck, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops watching. <see cref="Current"/> stays readable.</summary>
    public async Task StopAsync()
    {
        Task? worker;
        lock (_lifecycle)
        {
            worker = _worker;
            _stopping?.Cancel();
        }

        _sigHup?.Dispose();
        _sigHup = null;
        if (_source is not null)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
            _source = null;
        }

        _handler?.Dispose();
        _handler = null;
        if (worker is not null)
        {
            try
            {
                await worker.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        lock (_lifecycle)
        {
            _worker = null;
        }

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

        _stopping?.Dispose();
        _inlineGate.Dispose();
    }

    /// <summary>Files changed since the last reload (<c>*</c> stands for a link or directory change).</summary>
    public IReadOnlyList<string> GetPendingChanges() => [.. _pending.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Reloads now, whatever the strategy, after any reload already running.</summary>
    /// <param name="cancellationToken">Stops waiting (the reload itself still runs).</param>
    public Task<ReloadOutcome> ReloadNowAsync(CancellationToken cancellationToken = default) =>
        Enqueue(RequestKind.Reload, null, cancellationToken);

    /// <summary>Republishes the previous retained version as a new version.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<ReloadOutcome> RollbackAsync(CancellationToken cancellationToken = default) =>
        Enqueue(RequestKind.Rollback, null, cancellationToken);

    /// <summary>Republishes a retained version as a new version.</summary>
    /// <param name="version">The version whose content to restore.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<ReloadOutcome> RollbackToAsync(long version, CancellationToken cancellationToken = default) =>
        Enqueue(RequestKind.Rollback, version, cancellationToken);

    /// <summary>Waits until a version at least <paramref name="version"/> is published.</summary>
    /// <param name="version">The version to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<ConfigSnapshot> WaitForVersionAsync(long version, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _publishedSignal);
            var current = Volatile.Read(ref _current);
            if (current is not null && current.Version >= version)
            {
                return current;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every reload requested so far has run (the worker processes requests in order).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    internal Task DrainAsync(CancellationToken cancellationToken = default) => Enqueue(RequestKind.Barrier, null, cancellationToken);

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
    public IDisposable OnSnapshotPublished(Action<ConfigSnapshot> handler) => _publishedHandlers.Add(handler);

    /// <summary>Waits (up to 30 seconds) until every notification published so far has been delivered.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task FlushNotificationsAsync(CancellationToken cancellationToken = default) => Notifications.FlushAsync(TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>The reloader's counters and state.</summary>
    public ReloadStatistics GetReloadStats() => new()
    {
        CurrentVersion = CurrentVersionOrZero,
        Reloads = Interlocked.Read(ref _reloads),
        Failures = Interlocked.Read(ref _failures),
        Rollbacks = Interlocked.Read(ref _rollbacks),
        IdenticalSkipped = Interlocked.Read(ref _identical),
        ChangeSignals = Interlocked.Read(ref _signals),
        FilesParsed = _pipeline.FilesParsed,
        LastDuration = TimeSpan.FromTicks(Interlocked.Read(ref _lastDurationTicks)),
        LastReloadAt = Interlocked.Read(ref _lastReloadAtTicks) is var at and > 0 ? new DateTimeOffset(at, TimeSpan.Zero) : null,
        LastError = Volatile.Read(ref _lastError),
        WatcherMode = _source?.Mode ?? "none",
        SourceStatus = _source?.Status,
        PendingChanges = _pending.Count,
        IsMonitoring = IsMonitoring,
    };

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<IConfigChangeSource> StartSourceAsync(CancellationToken cancellationToken)
    {
        if (_customSource is not null)
        {
            await _customSource.StartAsync(OnChange, cancellationToken).ConfigureAwait(false);
            return _customSource;
        }

        if (!Options.UsePolling)
        {
            var events = EventSourceFactory?.Invoke() ?? new FileSystemChangeSource(Manager.ConfigDirectory, Options);
            try
            {
                await events.StartAsync(OnChange, cancellationToken).ConfigureAwait(false);
                (events as FileSystemChangeSource)?.TrackLinkTargets(CurrentLayerPaths());
                return events;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                await events.DisposeAsync().ConfigureAwait(false);
                ReloaderLog.FallingBackToPolling(_logger, ex.Message, Options.PollingInterval);
            }
        }

        var polling = new PollingChangeSource(Manager.ConfigDirectory, Options);
        await polling.StartAsync(OnChange, cancellationToken).ConfigureAwait(false);
        return polling;
    }

    private void OnChange(IReadOnlyList<string> files)
    {
        try
        {
            RecordChange(files);
        }
        catch (Exception ex)
        {
            // Called on the watcher's thread: an exception here must not end the process or the watcher.
            ReloaderLog.Unexpected(_logger, ex, "recording a change", CurrentVersionOrZero, UnexpectedError.Describe(ex));
        }
    }

    private void RecordChange(IReadOnlyList<string> files)
    {
        Interlocked.Increment(ref _signals);
        var fresh = new List<string>();
        foreach (var file in files.Count == 0 ? [StructuralChange] : files)
        {
            if (_pending.TryAdd(file, 0) && file != StructuralChange)
            {
                fresh.Add(file);
            }
        }

        if (fresh.Count > 0 && Volatile.Read(ref _current) is { } current)
        {
            Notifications.Publish(Unchanged(ReloadEvent.FileChanged, current) with
            {
                Files = fresh,
                Message = "changed: " + string.Join(", ", fresh),
            });
        }

        try
        {
            _handler?.OnChange(_pending.Count);
        }
        catch (ObjectDisposedException)
        {
            // A watcher event raced StopAsync; the change stays pending for the next start or ReloadNowAsync.
        }
    }

    private void RequestReload()
    {
        if (Interlocked.Exchange(ref _triggerQueued, 1) == 0)
        {
            _requests.Writer.TryWrite(new Request(RequestKind.Triggered, null, null));
        }
    }

    private async Task<ReloadOutcome> Enqueue(RequestKind kind, long? version, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is null)
        {
            throw new InvalidOperationException("the configuration has not been loaded yet; call StartAsync first");
        }

        var completion = new TaskCompletionSource<ReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new Request(kind, version, completion);
        if (_worker is null || !_requests.Writer.TryWrite(request))
        {
            // Not monitoring: run inline, still one at a time.
            await _inlineGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ExecuteAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _inlineGate.Release();
            }
        }

        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                await _inlineGate.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    var outcome = await ExecuteAsync(request, stopping).ConfigureAwait(false);
                    request.Completion?.TrySetResult(outcome);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // ExecuteAsync reports its own failures; this keeps the worker alive whatever happens.
                    request.Completion?.TrySetResult(FailUnexpected(ex, "running a reload"));
                }
                finally
                {
                    _inlineGate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            while (_requests.Reader.TryRead(out var left))
            {
                left.Completion?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task<ReloadOutcome> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.Kind == RequestKind.Triggered)
        {
            Volatile.Write(ref _triggerQueued, 0);
        }

        if (request.Kind == RequestKind.Barrier)
        {
            var now = Current;
            return new ReloadOutcome(ReloadStatus.Unchanged, now, [], [], [], TimeSpan.Zero);
        }

        ReloadOutcome outcome;
        try
        {
            outcome = request.Kind == RequestKind.Rollback
                ? Rollback(request.Version, "requested")
                : await ReloadAsync(quietWhenUnchanged: request.Kind == RequestKind.Recheck, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = FailUnexpected(ex, request.Kind == RequestKind.Rollback ? "rolling back" : "reloading");
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

    private async Task<ReloadOutcome> ReloadAsync(bool quietWhenUnchanged, CancellationToken cancellationToken)
    {
        var pending = _pending.Keys.ToList();
        foreach (var file in pending)
        {
            _pending.TryRemove(file, out _);
        }

        using var activity = StrataTelemetry.ActivitySource.StartActivity("strata.reload");
        var started = Stopwatch.GetTimestamp();
        var current = Current;
        var result = _pipeline.Run(current.Version + 1, current);
        var duration = Stopwatch.GetElapsedTime(started);
        Interlocked.Exchange(ref _lastDurationTicks, duration.Ticks);
        Interlocked.Exchange(ref _lastReloadAtTicks, Options.TimeProvider.GetUtcNow().UtcTicks);
        StrataTelemetry.Duration.Record(duration.TotalMilliseconds);
        TrackLinks(result);
        var files = result.ChangedFiles.Count > 0 ? result.ChangedFiles : [.. pending.Where(p => p != StructuralChange)];
        activity?.SetTag("strata.version", current.Version);
        activity?.SetTag("strata.files", string.Join(",", files));

        if (result.Snapshot is null)
        {
            LogUnexpected(result, "reloading", current.Version);
            activity?.SetStatus(ActivityStatusCode.Error, result.Errors.Count > 0 ? result.Errors[0].ToString() : null);
            return ReportFailure(current, files, result.Errors, duration);
        }

        var changes = ConfigDiff.Compute(current.Root, result.Snapshot.Root);
        if (changes.Count == 0 && quietWhenUnchanged)
        {
            return new ReloadOutcome(ReloadStatus.Unchanged, current, [], [], files, duration);
        }

        if (changes.Count == 0)
        {
            Interlocked.Increment(ref _identical);
            StrataTelemetry.Skipped.Add(1);
            ReloaderLog.Identical(_logger, current.Version);
            return new ReloadOutcome(ReloadStatus.Unchanged, current, [], [], files, duration);
        }

        if (result.Migrations.Count > 0)
        {
            Notifications.Publish(Unchanged(ReloadEvent.MigrationApplied, current) with
            {
                Files = files,
                Migrations = result.Migrations,
                Message = "migrated: " + string.Join("; ", result.Migrations),
            });
        }

        Publish(result.Snapshot, current, ReloadEvent.ConfigReloaded, changes, files,
            $"configuration reloaded: version {result.Snapshot.Version}, {changes.Count} change(s) from {(files.Count == 0 ? "(links)" : string.Join(", ", files))}");
        Interlocked.Increment(ref _reloads);
        StrataTelemetry.Reloads.Add(1);
        ReloaderLog.Reloaded(_logger, result.Snapshot.Version, changes.Count, string.Join(", ", files));

        if (Options.HealthCheck is { } check && !await PassesAsync(check, result.Snapshot, cancellationToken).ConfigureAwait(false) && Options.EnableRollback)
        {
            return await AutomaticRollbackAsync(check, result.Snapshot, duration, files, cancellationToken).ConfigureAwait(false);
        }

        return new ReloadOutcome(ReloadStatus.Published, result.Snapshot, changes, [], files, duration);
    }

    private async Task<bool> PassesAsync(Func<ConfigSnapshot, CancellationToken, ValueTask<bool>> check, ConfigSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            if (await check(snapshot, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            ReloaderLog.HealthCheckFailed(_logger, null, snapshot.Version, "the check returned false");
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReloaderLog.HealthCheckFailed(_logger, ex, snapshot.Version, UnexpectedError.Describe(ex));
            return false;
        }
    }

    private async Task<ReloadOutcome> AutomaticRollbackAsync(Func<ConfigSnapshot, CancellationToken, ValueTask<bool>> check, ConfigSnapshot rejected, TimeSpan duration, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var attempts = 0;
        ReloadOutcome? last = null;
        foreach (var candidate in _history.Before(rejected.Version))
        {
            if (attempts++ >= Math.Max(1, Options.MaxRollbackAttempts))
            {
                break;
            }

            last = Rollback(candidate.Version, $"version {rejected.Version} failed the health check");
            if (last.Status == ReloadStatus.RolledBack && await PassesAsync(check, last.Current, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        var current = Current;
        return new ReloadOutcome(ReloadStatus.RolledBack, current, last?.Changes ?? [], [], files, duration);
    }

    private ReloadOutcome Rollback(long? version, string reason)
    {
        var current = Current;
        var before = _history.Before(current.Version);
        var target = version is { } v ? _history.Find(v) : (before.Count > 0 ? before[0] : null);
        if (target is null || target.Version == current.Version)
        {
            var retained = string.Join(", ", _history.Items.Select(s => s.Version));
            var message = version is null
                ? "there is no earlier version to roll back to"
                : $"version {version} is not retained (retained: {retained})";
            var error = new ConfigurationError(string.Empty, 0, 0, string.Empty, message);
            return new ReloadOutcome(ReloadStatus.Failed, current, [], [error], [], TimeSpan.Zero);
        }

        var restored = target.WithVersion(current.Version + 1, Options.TimeProvider.GetUtcNow());
        var changes = ConfigDiff.Compute(current.Root, restored.Root);
        Publish(restored, current, ReloadEvent.ConfigRolledBack, changes, [],
            $"rolled back to the content of version {target.Version} as version {restored.Version} ({reason})");
        Interlocked.Increment(ref _rollbacks);
        StrataTelemetry.Rollbacks.Add(1);
        ReloaderLog.RolledBack(_logger, restored.Version, target.Version, reason);
        return new ReloadOutcome(ReloadStatus.RolledBack, restored, changes, [], [], TimeSpan.Zero);
    }

    private void Publish(ConfigSnapshot snapshot, ConfigSnapshot? previous, ReloadEvent eventType, IReadOnlyList<ConfigChange> changes, IReadOnlyList<string> files, string message)
    {
        Volatile.Write(ref _current, snapshot);
        _history.Add(snapshot);
        Interlocked.Exchange(ref _publishedSignal, NewSignal()).TrySetResult();
        _publishedHandlers.Invoke(snapshot);

        if (_backups is not null)
        {
            try
            {
                _backups.Write(snapshot);
            }
            catch (Exception ex)
            {
                // A backup is a convenience: failing to write one never undoes or blocks a publish.
                ReloaderLog.BackupFailed(_logger, ex, snapshot.Version, UnexpectedError.Describe(ex));
            }
        }

        Notifications.Publish(new ReloadNotification
        {
            EventType = eventType,
            Timestamp = Options.TimeProvider.GetUtcNow(),
            Version = snapshot.Version,
            OldVersion = previous?.Version,
            Files = files,
            Changes = changes,
            Message = message,
            Priority = ReloadNotification.DefaultPriority(eventType),
            OldSnapshot = previous,
            NewSnapshot = snapshot,
        });
    }

    /// <summary>A notification about an event that leaves <paramref name="current"/> published.</summary>
    private ReloadNotification Unchanged(ReloadEvent eventType, ConfigSnapshot current) => new()
    {
        EventType = eventType,
        Timestamp = Options.TimeProvider.GetUtcNow(),
        Version = current.Version,
        OldVersion = current.Version,
        Priority = ReloadNotification.DefaultPriority(eventType),
    };

    /// <summary>Counts, logs and reports a failed reload; the published snapshot stays as it is.</summary>
    private ReloadOutcome ReportFailure(ConfigSnapshot current, IReadOnlyList<string> files, IReadOnlyList<ConfigurationError> errors, TimeSpan duration)
    {
        Interlocked.Increment(ref _failures);
        StrataTelemetry.Failures.Add(1);
        Volatile.Write(ref _lastError, errors.Count > 0 ? errors[0].ToString() : "unknown error");
        ReloaderLog.Failed(_logger, current.Version, string.Join("; ", errors));
        Notifications.Publish(FailedNotification(current, files, errors, $"reload failed, version {current.Version} stays live"));
        return new ReloadOutcome(ReloadStatus.Failed, current, [], errors, files, duration);
    }

    /// <summary>Reports an exception that escaped a reload or rollback as a failed reload; never throws.</summary>
    private ReloadOutcome FailUnexpected(Exception exception, string activity)
    {
        var current = Current;
        var error = UnexpectedError.For(exception, null);
        ReloaderLog.Unexpected(_logger, exception, activity, current.Version, error.Message);
        try
        {
            return ReportFailure(current, [], [error], TimeSpan.Zero);
        }
        catch (Exception reportFailed)
        {
            ReloaderLog.Unexpected(_logger, reportFailed, "reporting a failure", current.Version, UnexpectedError.Describe(reportFailed));
            return new ReloadOutcome(ReloadStatus.Failed, current, [], [error], [], TimeSpan.Zero);
        }
    }

    /// <summary>A <c>config_failed</c> notification; <paramref name="current"/> is null when nothing has been published yet.</summary>
    private ReloadNotification FailedNotification(ConfigSnapshot? current, IReadOnlyList<string> files, IReadOnlyList<ConfigurationError> errors, string what) => new()
    {
        EventType = ReloadEvent.ConfigFailed,
        Timestamp = Options.TimeProvider.GetUtcNow(),
        Version = current?.Version ?? 0,
        OldVersion = current?.Version,
        Priority = ReloadNotification.DefaultPriority(ReloadEvent.ConfigFailed),
        Files = files,
        Errors = errors,
        Message = $"{what}: {(errors.Count > 0 ? errors[0] : null)}" + (errors.Count > 1 ? $" (+{errors.Count - 1} more)" : string.Empty),
        OldSnapshot = current,
        NewSnapshot = current,
    };

    private void LogUnexpected(PipelineResult result, string activity, long version)
    {
        foreach (var exception in result.Exceptions)
        {
            ReloaderLog.Unexpected(_logger, exception, activity, version, UnexpectedError.Describe(exception));
        }
    }

    private void TrackLinks(PipelineResult result)
    {
        if (_source is FileSystemChangeSource events)
        {
            events.TrackLinkTargets(result.Files.Select(f => Path.Combine(Manager.ConfigDirectory, f)));
        }
    }

    private List<string> CurrentLayerPaths()
    {
        try
        {
            return Manager.GetLayerFiles().Select(f => f.FullPath).ToList();
        }
        catch (ConfigurationLoadException)
        {
            return [];
        }
    }

    private enum RequestKind
    {
        Triggered,
        Reload,
        Rollback,
        Barrier,

        /// <summary>Start-up: apply what changed while the watcher was starting; say nothing when nothing did.</summary>
        Recheck,
    }

    private sealed record Request(RequestKind Kind, long? Version, TaskCompletionSource<ReloadOutcome>? Completion);
}
