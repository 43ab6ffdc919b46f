using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Etcdserverpb;
using Google.Protobuf;
using Strata.Etcd.Reading;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Etcd.Publishing;

/// <summary>
/// Publishes a config directory to an etcd prefix as one release: it validates locally first (every environment,
/// alone and with every agent), then writes the changed files, deletes the removed ones and adds the release
/// record in one transaction guarded by the revision it read. Two publishers cannot interleave: the one that
/// commits second writes nothing and gets <see cref="EtcdPublishConflictException"/>. Also rolls back (republishes
/// an earlier release's content as a new release) and lists the history.
/// </summary>
public sealed class EtcdPublisher : IDisposable
{
    private readonly EtcdStore _store;

    /// <summary>Creates a publisher.</summary>
    /// <param name="options">Endpoints, prefix, credentials.</param>
    public EtcdPublisher(EtcdOptions options)
    {
        _store = new EtcdStore(options);
        Writer = new ReleaseWriter(_store);
    }

    /// <summary>
    /// Settings for the local validation (variables for <c>${NAME}</c> placeholders, validators, limits). The
    /// environment-variable override layer is off by default, so the publisher's own <c>STRATA__*</c> variables
    /// cannot hide a problem in the files.
    /// </summary>
    public EnvironmentConfigOptions ValidationOptions { get; set; } = new() { EnvironmentVariablePrefix = null };

    /// <summary>The prefix published to, without a trailing slash.</summary>
    public string Prefix => _store.Layout.Prefix;

    internal EtcdStore Store => _store;

    internal ReleaseWriter Writer { get; }

    /// <summary>Validates a config directory and plans its publish against the prefix's current state; writes nothing.</summary>
    /// <param name="directory">The config directory.</param>
    /// <param name="author">Who publishes; the OS user when null.</param>
    /// <param name="message">Why; may be null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="ConfigurationLoadException">The directory does not load for some environment or agent.</exception>
    public async Task<EtcdPublishPlan> PrepareAsync(string directory, string? author = null, string? message = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = ConfigDirectoryScanner.Scan(directory, ValidationOptions.Limits.MaxFileBytes);
        var errors = ReleaseValidator.Validate(directory, PhysicalConfigFileSystem.Instance, ValidationOptions);
        if (errors.Count > 0)
        {
            throw new ConfigurationLoadException(errors);
        }

        return await PlanAsync(files, author, message, null, duringRollout: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates and publishes a config directory as a new release (nothing when the content is already current).</summary>
    /// <param name="directory">The config directory.</param>
    /// <param name="author">Who publishes; the OS user when null.</param>
    /// <param name="message">Why; may be null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public async Task<EtcdPublishResult> PublishAsync(string directory, string? author = null, string? message = null, CancellationToken cancellationToken = default)
    {
        var plan = await PrepareAsync(directory, author, message, cancellationToken).ConfigureAwait(false);
        return await CommitAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plans republishing an earlier release's content as a new release, validating it first; writes nothing.</summary>
    /// <param name="release">The release number to go back to.</param>
    /// <param name="author">Who rolls back; the OS user when null.</param>
    /// <param name="message">Why; "rollback to release N" when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="EtcdReleaseNotFoundException">There is no such release.</exception>
    public Task<EtcdPublishPlan> PrepareRollbackAsync(long release, string? author = null, string? message = null, CancellationToken cancellationToken = default) =>
        PrepareRollbackCoreAsync(release, author, message, duringRollout: false, cancellationToken);

    /// <summary>
    /// Plans a rollback. <paramref name="duringRollout"/> is the abort of a staged rollout: it goes back to content that
    /// ran before, so it is not validated again here, and the active rollout does not block it.
    /// </summary>
    internal async Task<EtcdPublishPlan> PrepareRollbackCoreAsync(long release, string? author, string? message, bool duringRollout, CancellationToken cancellationToken)
    {
        var (_, files) = await _store.ReadReleaseContentAsync(release, cancellationToken).ConfigureAwait(false)
            ?? throw new EtcdReleaseNotFoundException($"release {release} not found under {Prefix}; 'strata history' lists the releases") { Release = release };
        if (!duringRollout)
        {
            var memory = new EtcdConfigFileSystem(EtcdConfigRevision.FromFiles(Prefix, files));
            var errors = ReleaseValidator.Validate(memory.RootDirectory, memory, ValidationOptions);
            if (errors.Count > 0)
            {
                throw new ConfigurationLoadException(errors);
            }
        }

        return await PlanAsync(files, author, message ?? string.Create(CultureInfo.InvariantCulture, $"rollback to release {release}"), release, duringRollout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Republishes an earlier release's content, atomically, as a new release.</summary>
    /// <param name="release">The release number to go back to.</param>
    /// <param name="author">Who rolls back; the OS user when null.</param>
    /// <param name="message">Why; "rollback to release N" when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public async Task<EtcdPublishResult> RollbackAsync(long release, string? author = null, string? message = null, CancellationToken cancellationToken = default)
    {
        var plan = await PrepareRollbackAsync(release, author, message, cancellationToken).ConfigureAwait(false);
        return await CommitAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits a plan in one transaction that succeeds only if nothing under the prefix changed since the plan's
    /// revision: the files go live for everyone at once, recorded as a completed one-wave rollout. Writes nothing when
    /// the plan is empty.
    /// </summary>
    /// <param name="plan">A plan from <see cref="PrepareAsync"/> or <see cref="PrepareRollbackAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="EtcdPublishConflictException">Another publish (or writer) got there first; nothing was written.</exception>
    public Task<EtcdPublishResult> CommitAsync(EtcdPublishPlan plan, CancellationToken cancellationToken = default) =>
        CommitAsync(plan, null, cancellationToken);

    /// <summary>
    /// Commits a plan as a staged rollout: the release is added to the history and <c>{prefix}/rollout</c> records its
    /// waves, with the first wave open. Instances of open waves load it from the history; the others hold the previous
    /// release until an <see cref="EtcdRolloutDriver"/> opens their wave, and the files under the prefix change when the
    /// last wave opens (at once when there is only one). The rollout waits for a driver to advance it.
    /// </summary>
    /// <param name="plan">A plan from <see cref="PrepareAsync"/>.</param>
    /// <param name="rollout">The waves, bake time and threshold.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="ArgumentException">The rollout options are invalid.</exception>
    /// <exception cref="EtcdException">There is no previous release to hold and return to (the first release cannot be staged).</exception>
    /// <exception cref="EtcdPublishConflictException">Another publish (or writer) got there first; nothing was written.</exception>
    public Task<EtcdPublishResult> StartRolloutAsync(EtcdPublishPlan plan, EtcdRolloutOptions rollout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return CommitAsync(plan, rollout, cancellationToken);
    }

    /// <summary>Every release in the prefix's history, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<IReadOnlyList<EtcdRelease>> GetReleasesAsync(CancellationToken cancellationToken = default) => _store.ReadReleasesAsync(cancellationToken);

    /// <summary>The current release, or null when nothing was published.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<EtcdRelease?> GetCurrentReleaseAsync(CancellationToken cancellationToken = default) => _store.ReadCurrentReleaseAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();

    /// <summary>SHA-256 over every file's path and content hash, in path order.</summary>
    internal static string ReleaseHash(IEnumerable<KeyValuePair<string, string>> fileHashes)
    {
        var text = new StringBuilder();
        foreach (var (path, hash) in fileHashes.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(path).Append('\0').Append(hash).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task<EtcdPublishPlan> PlanAsync(SortedDictionary<string, byte[]> files, string? author, string? message, long? rolledBackFrom, bool duringRollout, CancellationToken cancellationToken)
    {
        var basis = await _store.ReadConfigAsync(cancellationToken).ConfigureAwait(false);
        if (!duringRollout && basis.Rollout is { IsActive: true } active)
        {
            throw new EtcdException(string.Create(CultureInfo.InvariantCulture,
                $"release {active.Release} is rolling out under {Prefix} ({EtcdRollout.StateName(active.State)}, wave {active.CurrentWave} of {active.Waves.Count}); one rollout at a time: let it finish ('strata rollout resume') or stop it ('strata rollout abort') first"));
        }

        var highest = await _store.ReadHighestReleaseNumberAsync(cancellationToken).ConfigureAwait(false);
        var stored = await _store.ReadBlobHashesAsync(cancellationToken).ConfigureAwait(false);

        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var newBlobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, content) in files)
        {
            var hash = EtcdStore.ContentHash(content);
            hashes[path] = hash;
            if (!stored.Contains(hash))
            {
                newBlobs[hash] = content;
            }
        }

        var (written, deleted) = ReleaseWriter.Diff(basis, files);
        var number = Math.Max(basis.Release?.Number ?? 0, highest) + 1;
        var release = new EtcdRelease(number, ReleaseHash(hashes), string.IsNullOrWhiteSpace(author) ? Environment.UserName : author.Trim(),
            _store.Options.TimeProvider.GetUtcNow(), message?.Trim() ?? string.Empty, hashes, rolledBackFrom, 0);
        return new EtcdPublishPlan(basis, release, files, written, deleted, newBlobs);
    }

    /// <summary>The live instance ids, to plan the waves with.</summary>
    private async Task<List<string>> ReadInstanceIdsAsync(CancellationToken cancellationToken)
    {
        var request = new RangeRequest
        {
            Key = ByteString.CopyFromUtf8(_store.Layout.Instances),
            RangeEnd = ByteString.CopyFrom(EtcdKeyLayout.RangeEnd(_store.Layout.Instances)),
            KeysOnly = true,
        };
        var response = await _store.RangeAsync(request, "list the instances of " + Prefix, cancellationToken).ConfigureAwait(false);
        return [.. response.Kvs.Select(kv => kv.Key.ToStringUtf8()[_store.Layout.Instances.Length..])];
    }

    private async Task<EtcdPublishResult> CommitAsync(EtcdPublishPlan plan, EtcdRolloutOptions? staging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!string.Equals(plan.Basis.Prefix, Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the plan is for {plan.Basis.Prefix}, not {Prefix}", nameof(plan));
        }

        var targets = staging?.Targets() ?? ["100%"];
        if (plan.IsEmpty)
        {
            return new EtcdPublishResult(false, plan.Basis.Release!, [], []);
        }

        if (staging is not null && plan.PreviousRelease is null)
        {
            throw new EtcdException($"{Prefix} has no release yet, so there is nothing to hold or to return to: publish the first release without --canary, --waves or --wait");
        }

        var now = _store.Options.TimeProvider.GetUtcNow();
        var waves = WavePlanner.Plan(plan.Release.Number, targets, await ReadInstanceIdsAsync(cancellationToken).ConfigureAwait(false));
        var rollout = new EtcdRollout(plan.Release.Number, plan.PreviousRelease?.Number, staging is null ? EtcdRolloutState.Completed : EtcdRolloutState.Progressing,
            1, waves, staging?.Bake ?? TimeSpan.Zero, staging?.MaxUnhealthy ?? 0, now, now, now, staging is null ? now : null, null, null, [], null);
        var change = new ReleaseChange(plan.Basis, plan.Release)
        {
            AddsRelease = true,
            NewBlobs = plan.NewBlobs,
            LiveFiles = rollout.IsFinalWaveOpen ? plan.Files : null,
            Rollout = rollout,
        };
        var revision = await Writer.CommitAsync(change, "publish to " + Prefix, cancellationToken).ConfigureAwait(false);
        return new EtcdPublishResult(true, plan.Release with { Revision = revision }, change.LiveFiles is null ? [] : plan.Written, change.LiveFiles is null ? [] : plan.Deleted)
        {
            Rollout = rollout,
        };
    }
}
