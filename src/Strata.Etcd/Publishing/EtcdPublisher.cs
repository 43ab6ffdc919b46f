using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Etcdserverpb;
using Google.Protobuf;
using Strata.Etcd.Reading;
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
    }

    /// <summary>
    /// Settings for the local validation (variables for <c>${NAME}</c> placeholders, validators, limits). The
    /// environment-variable override layer is off by default, so the publisher's own <c>STRATA__*</c> variables
    /// cannot hide a problem in the files.
    /// </summary>
    public EnvironmentConfigOptions ValidationOptions { get; set; } = new() { EnvironmentVariablePrefix = null };

    /// <summary>The prefix published to, without a trailing slash.</summary>
    public string Prefix => _store.Layout.Prefix;

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

        return await PlanAsync(files, author, message, null, cancellationToken).ConfigureAwait(false);
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
    public async Task<EtcdPublishPlan> PrepareRollbackAsync(long release, string? author = null, string? message = null, CancellationToken cancellationToken = default)
    {
        var target = await _store.ReadReleaseAsync(release, cancellationToken).ConfigureAwait(false)
            ?? throw new EtcdReleaseNotFoundException($"release {release} not found under {Prefix}; 'strata history' lists the releases") { Release = release };
        var blobs = await _store.ReadBlobsAsync(target.Files.Values, cancellationToken).ConfigureAwait(false);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, hash) in target.Files)
        {
            if (!blobs.TryGetValue(hash, out var content) || BlobHash(content) != hash)
            {
                throw new EtcdException($"cannot roll back to release {release}: the stored content of {path} is missing or damaged ({_store.Layout.BlobKey(hash)})");
            }

            files[path] = content;
        }

        var memory = new EtcdConfigFileSystem(EtcdConfigRevision.FromFiles(Prefix, files));
        var errors = ReleaseValidator.Validate(memory.RootDirectory, memory, ValidationOptions);
        if (errors.Count > 0)
        {
            throw new ConfigurationLoadException(errors);
        }

        return await PlanAsync(files, author, message ?? string.Create(CultureInfo.InvariantCulture, $"rollback to release {release}"), release, cancellationToken).ConfigureAwait(false);
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
    /// revision. Writes nothing when the plan is empty.
    /// </summary>
    /// <param name="plan">A plan from <see cref="PrepareAsync"/> or <see cref="PrepareRollbackAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="EtcdPublishConflictException">Another publish (or writer) got there first; nothing was written.</exception>
    public async Task<EtcdPublishResult> CommitAsync(EtcdPublishPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!string.Equals(plan.Basis.Prefix, Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the plan is for {plan.Basis.Prefix}, not {Prefix}", nameof(plan));
        }

        if (plan.IsEmpty)
        {
            return new EtcdPublishResult(false, plan.Basis.Release!, [], []);
        }

        var layout = _store.Layout;
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = Utf8(layout.Current), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = plan.Basis.CurrentKeyRevision });
        foreach (var (start, end) in layout.GuardedRanges())
        {
            txn.Compare.Add(new Compare
            {
                Key = ByteString.CopyFrom(start),
                RangeEnd = ByteString.CopyFrom(end),
                Target = Compare.Types.CompareTarget.Mod,
                Result = Compare.Types.CompareResult.Less,
                ModRevision = plan.Basis.Revision + 1,
            });
        }
        txn.Compare.Add(new Compare { Key = Utf8(layout.ReleaseKey(plan.Release.Number)), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        foreach (var path in plan.Written)
        {
            txn.Success.Add(Put(layout.FileKey(path), plan.Files[path]));
        }

        foreach (var path in plan.Deleted)
        {
            txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Utf8(layout.FileKey(path)) } });
        }

        foreach (var (hash, content) in plan.NewBlobs)
        {
            txn.Success.Add(Put(layout.BlobKey(hash), content));
        }

        var record = ReleaseDocument.Serialize(plan.Release);
        txn.Success.Add(Put(layout.ReleaseKey(plan.Release.Number), record));
        txn.Success.Add(Put(layout.Current, record));
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Utf8(layout.Current) } });

        var response = await _store.TxnAsync(txn, "publish to " + Prefix, cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw Conflict(plan, response);
        }

        return new EtcdPublishResult(true, plan.Release with { Revision = response.Header.Revision }, plan.Written, plan.Deleted);
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

    private async Task<EtcdPublishPlan> PlanAsync(SortedDictionary<string, byte[]> files, string? author, string? message, long? rolledBackFrom, CancellationToken cancellationToken)
    {
        var basis = await _store.ReadConfigAsync(cancellationToken).ConfigureAwait(false);
        var highest = await _store.ReadHighestReleaseNumberAsync(cancellationToken).ConfigureAwait(false);
        var stored = await _store.ReadBlobHashesAsync(cancellationToken).ConfigureAwait(false);

        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var written = new List<string>();
        var newBlobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, content) in files)
        {
            var hash = BlobHash(content);
            hashes[path] = hash;
            if (!basis.TryGetFile(path, out var existing) || !existing.Content.Span.SequenceEqual(content))
            {
                written.Add(path);
            }

            if (!stored.Contains(hash))
            {
                newBlobs[hash] = content;
            }
        }

        var deleted = basis.Files.Keys.Where(p => !files.ContainsKey(p)).ToList();
        var number = Math.Max(basis.Release?.Number ?? 0, highest) + 1;
        var release = new EtcdRelease(number, ReleaseHash(hashes), string.IsNullOrWhiteSpace(author) ? Environment.UserName : author.Trim(),
            _store.Options.TimeProvider.GetUtcNow(), message?.Trim() ?? string.Empty, hashes, rolledBackFrom, 0);
        return new EtcdPublishPlan(basis, release, files, written, deleted, newBlobs);
    }

    private EtcdPublishConflictException Conflict(EtcdPublishPlan plan, TxnResponse response)
    {
        var kvs = response.Responses.Count > 0 ? response.Responses[0].ResponseRange?.Kvs : null;
        var now = kvs is { Count: > 0 } ? ReleaseDocument.TryParse(kvs[0].Value.Span, kvs[0].ModRevision) : null;
        var message = now is not null && now.Number != plan.PreviousRelease?.Number
            ? string.Create(CultureInfo.InvariantCulture, $"another publish reached {Prefix} first: it is now at release {now.Number} (by {now.Author} at {now.Time:yyyy-MM-dd HH:mm:ss}Z), but this publish was prepared against revision {plan.ExpectedRevision}; nothing was written, publish again to apply it on top")
            : string.Create(CultureInfo.InvariantCulture, $"keys under {Prefix} changed after revision {plan.ExpectedRevision}, which this publish was prepared against; nothing was written, publish again");
        return new EtcdPublishConflictException(message) { ExpectedRevision = plan.ExpectedRevision, CurrentRelease = now?.Number };
    }

    private static RequestOp Put(string key, byte[] value) =>
        new() { RequestPut = new PutRequest { Key = Utf8(key), Value = ByteString.CopyFrom(value) } };

    private static ByteString Utf8(string text) => ByteString.CopyFromUtf8(text);

    /// <summary>The key of a file's content among the blobs: the lowercase hex SHA-256 of its bytes.</summary>
    private static string BlobHash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
