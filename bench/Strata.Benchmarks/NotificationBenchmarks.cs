using System.Text;
using BenchmarkDotNet.Attributes;
using Strata.Model;
using Strata.Notifications;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Benchmarks;

/// <summary>
/// Delivery cost per notification: one invocation publishes <see cref="Batch"/> realistic reload notifications (a redis
/// change on a ~40-key configuration with a secret) and waits until every subscriber has handled every one of them,
/// so the figure per operation is publish + masking + fan-out + every subscriber's delivery, for one notification.
/// </summary>
[MemoryDiagnoser]
public class NotificationBenchmarks
{
    private const int Batch = 20;

    private const string Yaml = """
        simulation_id: farm
        max_steps: 1000
        seed: 42
        environment: { width: 100, height: 100, wrap_around: false }
        population: { system_agents: 10, independent_agents: 10, control_agents: 10, max_population: 300 }
        learning: { learning_rate: 0.001, gamma: 0.95, epsilon_start: 1.0, epsilon_min: 0.01, memory_size: 10000, batch_size: 32 }
        resources: { initial_resources: 20, resource_regen_rate: 0.1, max_resource_amount: 30 }
        database: { path: simulation.db, cache_size_mb: 200, journal_mode: WAL }
        redis: { host: localhost, port: 6379, db: 0, password: bench-secret, decode_responses: true }
        visualization: { canvas_size: [400, 400], padding: 20, background_color: black }
        """;

    private ConfigurationNotificationManager _manager = null!;
    private ReloadNotification _notification = null!;
    private TaskCompletionSource _done = new();
    private long _handled;
    private long _target;

    /// <summary>How many subscribers receive each notification.</summary>
    [Params(1000)]
    public int Subscribers { get; set; }

    /// <summary>Synchronous callbacks (Callback channel), no filter.</summary>
    [GlobalSetup(Target = nameof(SyncCallbacks))]
    public void SetupSync() => Setup(manager => manager.AddCallback(_ => Handled()));

    /// <summary>Synchronous callbacks that each filter on a key prefix (every notification passes).</summary>
    [GlobalSetup(Target = nameof(SyncCallbacksWithKeyFilter))]
    public void SetupFiltered() => Setup(manager => manager.AddCallback(_ => Handled(), NotificationFilter.ForKeys("redis")));

    /// <summary>Asynchronous subscribers, each delivery bounded by the async timeout.</summary>
    [GlobalSetup(Target = nameof(AsyncSubscribers))]
    public void SetupAsync() => Setup(manager => manager.AddAsyncCallback((_, _) =>
    {
        Handled();
        return Task.CompletedTask;
    }));

    /// <summary>Sync callbacks.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task SyncCallbacks() => PublishBatchAsync();

    /// <summary>Sync callbacks with a key filter each.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task SyncCallbacksWithKeyFilter() => PublishBatchAsync();

    /// <summary>Async subscribers.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task AsyncSubscribers() => PublishBatchAsync();

    /// <summary>Stops the workers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _manager.Dispose();

    private void Setup(Action<ConfigurationNotificationManager> subscribe)
    {
        _manager = new ConfigurationNotificationManager(new NotificationOptions
        {
            EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback },
            MaxQueueSize = Batch * 2,
        });
        for (var i = 0; i < Subscribers; i++)
        {
            subscribe(_manager);
        }

        var before = Snapshot(Yaml, 1);
        var after = Snapshot(Yaml.Replace("port: 6379", "port: 6380", StringComparison.Ordinal), 2);
        _notification = new ReloadNotification
        {
            EventType = ReloadEvent.ConfigReloaded,
            Timestamp = DateTimeOffset.UnixEpoch,
            Version = 2,
            OldVersion = 1,
            Files = ["environments/development.yaml"],
            Changes = ConfigDiff.Compute(before.Root, after.Root),
            Message = "configuration reloaded",
            OldSnapshot = before,
            NewSnapshot = after,
        };
    }

    private async Task PublishBatchAsync()
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, Interlocked.Read(ref _handled) + ((long)Batch * Subscribers));
        for (var i = 0; i < Batch; i++)
        {
            _manager.Publish(_notification);
        }

        await _done.Task.ConfigureAwait(false);
    }

    private void Handled()
    {
        if (Interlocked.Increment(ref _handled) == Volatile.Read(ref _target))
        {
            _done.TrySetResult();
        }
    }

    private static ConfigSnapshot Snapshot(string yaml, long version) =>
        new(ConfigFileParser.Parse(Encoding.UTF8.GetBytes(yaml), "base.yaml", LayerKind.Global), version, DateTimeOffset.UnixEpoch, [], "bench");
}
