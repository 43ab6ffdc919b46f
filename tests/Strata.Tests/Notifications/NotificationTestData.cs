using System.Collections.Concurrent;
using System.Text;
using Strata.Model;
using Strata.Notifications;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Tests.Notifications;

/// <summary>Snapshots and notifications built from YAML text, and subscribers that record what they receive.</summary>
internal static class NotificationTestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 22, 10, 0, 123, TimeSpan.Zero);

    /// <summary>Generous wall-clock bound for waiting on background deliveries; never an expected duration.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public const string BaseYaml = """
        max_steps: 100
        redis:
          host: localhost
          port: 6379
          password: hunter2-secret
        learning:
          gamma: 0.95
          epsilon_start: 1.0
        tags: [a, b]
        """;

    public static ConfigSnapshot Snapshot(string yaml, long version) =>
        new(ConfigFileParser.Parse(Encoding.UTF8.GetBytes(yaml), "base.yaml", LayerKind.Global), version, Start.AddSeconds(version), [], "testing");

    public static ReloadNotification Loaded(string yaml = BaseYaml) => new()
    {
        EventType = ReloadEvent.ConfigLoaded,
        Timestamp = Start,
        Version = 1,
        Files = ["base.yaml"],
        Message = "configuration loaded",
        NewSnapshot = Snapshot(yaml, 1),
    };

    /// <summary>A reload from <paramref name="before"/> to <paramref name="after"/>, with the leaf diff between them.</summary>
    public static ReloadNotification Reloaded(string before, string after, long version, string file = "environments/development.yaml", string? message = null)
    {
        var old = Snapshot(before, version - 1);
        var current = Snapshot(after, version);
        return new ReloadNotification
        {
            EventType = ReloadEvent.ConfigReloaded,
            Timestamp = Start.AddSeconds(version),
            Version = version,
            OldVersion = version - 1,
            Files = [file],
            Changes = ConfigDiff.Compute(old.Root, current.Root),
            Message = message ?? $"configuration reloaded to version {version}",
            OldSnapshot = old,
            NewSnapshot = current,
        };
    }

    /// <summary>A cheap notification numbered <paramref name="version"/> (no snapshots), for ordering tests.</summary>
    public static ReloadNotification Numbered(long version, ReloadEvent eventType = ReloadEvent.ConfigReloaded) => new()
    {
        EventType = eventType,
        Timestamp = Start.AddSeconds(version),
        Version = version,
        OldVersion = version - 1,
        Files = ["base.yaml"],
        Message = $"version {version}",
        Priority = ReloadNotification.DefaultPriority(eventType),
    };

    public static ReloadNotification Failed(long currentVersion = 3, string path = "redis.port", string message = "expected an int, found 'abc'") => new()
    {
        EventType = ReloadEvent.ConfigFailed,
        Timestamp = Start.AddSeconds(currentVersion),
        Version = currentVersion,
        OldVersion = currentVersion,
        Files = ["environments/development.yaml"],
        Errors = [new ConfigurationError("environments/development.yaml", 4, 9, path, message)],
        Message = "reload failed; version " + currentVersion + " stays live",
        Priority = NotificationPriority.Critical,
    };

    public static string Replace(string yaml, string from, string to) => yaml.Replace(from, to, StringComparison.Ordinal);
}

/// <summary>A synchronous subscriber that records versions and can be awaited until it has seen a number of notifications.</summary>
internal sealed class RecordingSubscriber(NotificationFilter? filter = null) : INotificationSubscriber
{
    private readonly ConcurrentQueue<ReloadNotification> _received = new();
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

    public NotificationFilter? Filter { get; } = filter;

    public IReadOnlyList<ReloadNotification> Received => [.. _received];

    public IReadOnlyList<long> Versions => [.. _received.Select(n => n.Version)];

    public void HandleNotification(ReloadNotification notification)
    {
        _received.Enqueue(notification);
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => _received.Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public Task WaitForAsync(int count)
    {
        lock (_gate)
        {
            if (_received.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(NotificationTestData.Patience);
        }
    }
}

/// <summary>An asynchronous subscriber that records versions (yielding before it records, like real async work).</summary>
internal sealed class RecordingAsyncSubscriber(NotificationFilter? filter = null) : IAsyncNotificationSubscriber
{
    private readonly RecordingSubscriber _inner = new();

    public NotificationFilter? Filter { get; } = filter;

    public IReadOnlyList<long> Versions => _inner.Versions;

    public async Task HandleNotificationAsync(ReloadNotification notification, CancellationToken cancellationToken)
    {
        await Task.Yield();
        _inner.HandleNotification(notification);
    }

    public Task WaitForAsync(int count) => _inner.WaitForAsync(count);
}

/// <summary>An asynchronous subscriber whose every call never completes and ignores cancellation.</summary>
internal sealed class HangingAsyncSubscriber : IAsyncNotificationSubscriber
{
    private readonly SemaphoreSlim _entered = new(0);

    public int Calls;

    public Task HandleNotificationAsync(ReloadNotification notification, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        _entered.Release();
        return new TaskCompletionSource().Task;
    }

    /// <summary>Waits until one more call has started (its timeout timer is already running when it starts).</summary>
    public Task WaitEnteredAsync() => _entered.WaitAsync(NotificationTestData.Patience).ContinueWith(t => Assert.True(t.Result, "the hanging subscriber was never called"), TaskScheduler.Default);
}

/// <summary>An asynchronous subscriber that always throws.</summary>
internal sealed class ThrowingAsyncSubscriber : IAsyncNotificationSubscriber
{
    public int Calls;

    public async Task HandleNotificationAsync(ReloadNotification notification, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        await Task.Yield();
        throw new InvalidOperationException("subscriber bug");
    }
}
