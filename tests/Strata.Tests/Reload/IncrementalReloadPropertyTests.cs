using System.Collections.Concurrent;
using CsCheck;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;
using Strata.Snapshots;

namespace Strata.Tests.Reload;

/// <summary>
/// A reloader re-parses only the files whose bytes changed, reuses the previous version's nodes where nothing changed
/// and rebases the previous flat index. Whatever the edits, what it publishes must read exactly as a configuration built
/// from scratch out of the same files.
/// </summary>
public sealed class IncrementalReloadPropertyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>
    /// For any layer stack (base.yaml or base.json, base.d/ and environment fragments, an environment file, maybe an agent
    /// file) and any sequence of edits, each followed by a reload: when a fresh manager cannot load the files, the reload
    /// fails and the current snapshot stays; when it loads the same values as the last published version, nothing is
    /// published; otherwise the reload publishes the next version, which reads exactly as the fresh one (tree, origins,
    /// secrecy, content hash, keys in order, every lookup, every explanation), and the changes it reports, in its outcome
    /// and in its notification, are the diff between the two fresh builds.
    /// </summary>
    [Fact]
    public void Incremental_reloads_give_the_snapshot_a_full_rebuild_gives()
    {
        LayerStackGenerators.Scenario.Sample(
            scenario => RunAsync(scenario).GetAwaiter().GetResult(),
            iter: 100,
            threads: 2,
            print: s => s.ToString());
    }

    private static async Task RunAsync(LayerScenario scenario)
    {
        using var directory = new TempConfigDir();
        var stack = scenario.CreateStack();
        stack.Sync(directory.Path);
        var agent = scenario.WithAgent ? LayerStack.AgentName : null;
        var initial = FullRebuild(directory.Path, agent);

        var reloader = new ConfigurationHotReloader(
            new EnvironmentConfigManager(directory.Path, ManagerOptions(agent)),
            new ReloadOptions { Strategy = ReloadStrategy.Manual },
            new ManualChangeSource());
        await using var disposeReloader = reloader.ConfigureAwait(false);
        var notified = new ConcurrentQueue<ReloadNotification>();
        using var subscription = reloader.AddNotificationCallback(notified.Enqueue, new NotificationFilter { EventTypes = new HashSet<ReloadEvent> { ReloadEvent.ConfigReloaded } });

        if (initial.Snapshot is null)
        {
            await Assert.ThrowsAsync<ConfigurationLoadException>(() => reloader.StartAsync()).ConfigureAwait(false);
            return;
        }

        await reloader.StartAsync().ConfigureAwait(false);
        var pathsSeen = new HashSet<string>(StringComparer.Ordinal);
        SnapshotAgreement.AssertSame(initial.Snapshot, reloader.Current, pathsSeen, "start");

        var published = initial.Snapshot;
        var expectedNotifications = new List<(long Version, IReadOnlyList<ConfigChange> Changes)>();
        for (var step = 0; step < scenario.Steps.Length; step++)
        {
            foreach (var edit in scenario.Steps[step])
            {
                stack.Apply(edit, directory.Path);
            }

            stack.Sync(directory.Path);
            var context = $"step {step + 1} ({string.Join(", ", scenario.Steps[step].Select(e => e.ToString()))})";
            var before = reloader.Current;
            var outcome = await reloader.ReloadNowAsync().ConfigureAwait(false);
            var rebuilt = FullRebuild(directory.Path, agent);

            if (rebuilt.Snapshot is null)
            {
                Assert.True(outcome.Status == ReloadStatus.Failed, $"{context}: {outcome.Status} where a full rebuild fails with {string.Join("; ", rebuilt.Errors)}");
                Assert.Same(before, reloader.Current);
                continue;
            }

            Assert.True(outcome.Status != ReloadStatus.Failed, $"{context}: the reload failed with {string.Join("; ", outcome.Errors)} where a full rebuild succeeds");
            var expected = ConfigDiff.Compute(published.Root, rebuilt.Snapshot.Root);
            if (expected.Count == 0)
            {
                Assert.True(outcome.Status == ReloadStatus.Unchanged, $"{context}: {outcome.Status} with [{SnapshotAgreement.Describe(outcome.Changes)}] where the values did not change");
                Assert.Same(before, reloader.Current);
                continue;
            }

            Assert.True(outcome.Status == ReloadStatus.Published, $"{context}: {outcome.Status} where the values changed [{SnapshotAgreement.Describe(expected)}]");
            Assert.Same(outcome.Current, reloader.Current);
            Assert.Equal(before.Version + 1, reloader.Current.Version);
            SnapshotAgreement.AssertSame(rebuilt.Snapshot, reloader.Current, pathsSeen, context);
            SnapshotAgreement.AssertSameChanges(expected, outcome.Changes, context);
            expectedNotifications.Add((reloader.Current.Version, expected));
            published = rebuilt.Snapshot;
        }

        using var flush = new CancellationTokenSource(Patience);
        await reloader.FlushNotificationsAsync(flush.Token).ConfigureAwait(false);
        var received = notified.ToList();
        Assert.Equal(expectedNotifications.Select(n => n.Version), received.Select(n => n.Version));
        for (var i = 0; i < received.Count; i++)
        {
            // Notifications carry masked values, so the paths and kinds are what they must agree on.
            Assert.Equal(SnapshotAgreement.Describe(expectedNotifications[i].Changes), SnapshotAgreement.Describe(received[i].Changes));
        }
    }

    /// <summary>What a fresh manager, with a fresh pipeline and nothing cached, loads from the directory.</summary>
    private static PipelineResult FullRebuild(string directory, string? agent) =>
        new EnvironmentConfigManager(directory, ManagerOptions(agent)).TryLoad();

    private static EnvironmentConfigOptions ManagerOptions(string? agent) => new()
    {
        Environment = LayerStack.Environment,
        Agent = agent,
        EnvironmentVariables = LayerStackGenerators.Variables,
    };
}
