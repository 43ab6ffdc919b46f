using System.Collections.Concurrent;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;
using Strata.Snapshots;
using Strata.Sources;

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
    /// fails and the current snapshot stays; when it loads the same leaves as the last published version, nothing is
    /// published; otherwise the reload publishes the next version, which reads exactly as the fresh one (tree, origins,
    /// secrecy, content hash, keys in order, every lookup, every explanation), and the changes it reports, in its outcome
    /// and in its notification, are the diff between the two fresh builds. A leaf whose secrecy alone changed (a toggled
    /// <c>!secret</c> tag, or the base file switched to JSON, which has no tags) is a change, so such a step publishes.
    /// </summary>
    [Fact]
    public void Incremental_reloads_give_the_snapshot_a_full_rebuild_gives()
    {
        LayerStackGenerators.Scenario.Sample(
            scenario => RunAsync(scenario).GetAwaiter().GetResult(),
            iter: 800,
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

    /// <summary>
    /// For the same stacks and edits, a pipeline run after each step is told which files the step wrote, created or
    /// deleted, as file events would tell the hot reloader. Such a run reads only those files and takes every other
    /// layer from its cache, unless the list names a file it has not read or that is gone (then it lists and reads
    /// everything). Either way it fails exactly when a fresh manager cannot load the files, and otherwise its candidate
    /// reads exactly as the fresh one (tree, origins, secrecy, content hash, keys in order, every lookup, every
    /// explanation). The candidate is compared with the fresh build even when no value changed: a pipeline result is a
    /// new candidate, not a published version, so a layout-only edit gives it the new origins.
    /// </summary>
    [Fact]
    public void Runs_told_the_changed_files_give_the_snapshot_a_full_rebuild_gives()
    {
        var tally = new RunTally();
        LayerStackGenerators.Scenario.Sample(
            scenario => RunPipeline(scenario, tally),
            iter: 800,
            threads: 2,
            print: s => s.ToString());

        // Without runs that trusted the list, the property would only repeat the full-read one.
        Assert.True(tally.Trusted * 2 > tally.Runs, $"only {tally.Trusted} of {tally.Runs} runs trusted the list of changed files");
    }

    private static void RunPipeline(LayerScenario scenario, RunTally tally)
    {
        using var directory = new TempConfigDir();
        var stack = scenario.CreateStack();
        stack.Sync(directory.Path);
        stack.TakeTouched();
        var agent = scenario.WithAgent ? LayerStack.AgentName : null;
        var files = new CountingFileSystem(directory.Path);
        var options = ManagerOptions(agent);
        options.FileSystem = files;

        // Time stands still, so no run reads every file just because the full-read interval has passed.
        options.TimeProvider = new FakeTimeProvider();
        var pipeline = new ConfigurationPipeline(new EnvironmentConfigManager(directory.Path, options));

        var pathsSeen = new HashSet<string>(StringComparer.Ordinal);
        var live = Check(pipeline.Run(1, live: null, changedFiles: null), FullRebuild(directory.Path, agent), null, "start", pathsSeen);
        for (var step = 0; step < scenario.Steps.Length; step++)
        {
            foreach (var edit in scenario.Steps[step])
            {
                stack.Apply(edit, directory.Path);
            }

            stack.Sync(directory.Path);
            var changed = stack.TakeTouched();
            var context = $"step {step + 1} ({string.Join(", ", scenario.Steps[step].Select(e => e.ToString()))}), files [{string.Join(", ", changed)}]";
            files.Reset();
            var result = pipeline.Run((live?.Version ?? 0) + 1, live, changed);
            tally.Ran(trusted: !files.Listed);
            if (!files.Listed)
            {
                // The run did not list the layers again, so it trusted the list: it read nothing else, since every
                // file it does not name is in the cache (a break lasts one step, so the step after lists the file).
                var unlisted = files.Read.Except(changed, StringComparer.Ordinal).ToList();
                Assert.True(unlisted.Count == 0, $"{context}: the run trusted the list but read [{string.Join(", ", unlisted)}]");
            }

            live = Check(result, FullRebuild(directory.Path, agent), live, context, pathsSeen) ?? live;
        }
    }

    /// <summary>
    /// Fails unless the run failed where the fresh build failed, or gave the next version of <paramref name="live"/>
    /// reading exactly as the fresh build; returns the run's candidate (null when it failed).
    /// </summary>
    private static ConfigSnapshot? Check(PipelineResult run, PipelineResult fresh, ConfigSnapshot? live, string context, HashSet<string> pathsSeen)
    {
        if (fresh.Snapshot is null)
        {
            Assert.True(run.Snapshot is null, $"{context}: the run succeeded where a full rebuild fails with {string.Join("; ", fresh.Errors)}");
            return null;
        }

        Assert.True(run.Snapshot is not null, $"{context}: the run failed with {string.Join("; ", run.Errors)} where a full rebuild succeeds");
        Assert.Equal((live?.Version ?? 0) + 1, run.Snapshot.Version);
        SnapshotAgreement.AssertSame(fresh.Snapshot, run.Snapshot, pathsSeen, context);
        return run.Snapshot;
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

    /// <summary>How many pipeline runs there were, and how many of them trusted their list of changed files.</summary>
    private sealed class RunTally
    {
        private int _runs;
        private int _trusted;

        public int Runs => Volatile.Read(ref _runs);

        public int Trusted => Volatile.Read(ref _trusted);

        public void Ran(bool trusted)
        {
            Interlocked.Increment(ref _runs);
            if (trusted)
            {
                Interlocked.Increment(ref _trusted);
            }
        }
    }

    /// <summary>
    /// The real file system, noting what a run does with it: whether it listed the layers (a listing asks about every
    /// spelling of the base file, <c>base.yml</c> included, and lists the <c>.d</c> folders; a run that trusts its list
    /// of changed files does neither, as no list it trusts names <c>base.yml</c>, which the stacks only ever hold as a
    /// break that fails the listing) and which files it read, relative to the config directory.
    /// </summary>
    private sealed class CountingFileSystem(string root) : IConfigFileSystem
    {
        private readonly PhysicalConfigFileSystem _inner = PhysicalConfigFileSystem.Instance;
        private readonly string _baseYml = Path.Combine(root, "base.yml");

        public bool Listed { get; private set; }

        public HashSet<string> Read { get; } = new(StringComparer.Ordinal);

        public void Reset()
        {
            Listed = false;
            Read.Clear();
        }

        public bool FileExists(string path)
        {
            Listed |= string.Equals(path, _baseYml, StringComparison.Ordinal);
            return _inner.FileExists(path);
        }

        public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

        public byte[] ReadAllBytes(string path, long maxBytes)
        {
            Read.Add(Path.GetRelativePath(root, path).Replace('\\', '/'));
            return _inner.ReadAllBytes(path, maxBytes);
        }

        public IEnumerable<string> EnumerateFiles(string directory)
        {
            Listed = true;
            return _inner.EnumerateFiles(directory);
        }

        public IDisposable? BeginRead() => ((IConfigFileSystem)_inner).BeginRead();

        public string GetSourceName(string fullPath, string relativePath) => ((IConfigFileSystem)_inner).GetSourceName(fullPath, relativePath);
    }
}
