using System.Globalization;
using Etcdserverpb;
using Google.Protobuf;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;

namespace Strata.Etcd.Publishing;

/// <summary>
/// Writes releases and rollout records, each change in one etcd transaction guarded by what it was prepared against:
/// the current-release key and every key under the prefix (the instance records aside) unchanged since the basis
/// revision. A change that loses a race writes nothing and raises <see cref="EtcdPublishConflictException"/>.
/// </summary>
internal sealed class ReleaseWriter(EtcdStore store)
{
    private EtcdKeyLayout Layout => store.Layout;

    /// <summary>The files a change writes and deletes to make <paramref name="files"/> the live files over <paramref name="basis"/>.</summary>
    public static (List<string> Written, List<string> Deleted) Diff(EtcdConfigRevision basis, IReadOnlyDictionary<string, byte[]> files)
    {
        var written = files.Where(f => !basis.TryGetFile(f.Key, out var existing) || !existing.Content.Span.SequenceEqual(f.Value)).Select(f => f.Key).ToList();
        var deleted = basis.Files.Keys.Where(p => !files.ContainsKey(p)).ToList();
        return (written, deleted);
    }

    /// <summary>Commits a change; returns the revision of its transaction.</summary>
    /// <exception cref="EtcdPublishConflictException">Something under the prefix changed since the basis; nothing was written.</exception>
    public async Task<long> CommitAsync(ReleaseChange change, string action, CancellationToken cancellationToken)
    {
        var basis = change.Basis;
        if (change.LiveFiles is not null && change.Rollout is null)
        {
            // Watchers join a new current release with the rollout record of the same transaction (RevisionJoin).
            throw new ArgumentException("a change that makes files live also writes the rollout record", nameof(change));
        }

        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = Utf8(Layout.Current), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = basis.CurrentKeyRevision });
        foreach (var (start, end) in Layout.GuardedRanges())
        {
            txn.Compare.Add(new Compare
            {
                Key = ByteString.CopyFrom(start),
                RangeEnd = ByteString.CopyFrom(end),
                Target = Compare.Types.CompareTarget.Mod,
                Result = Compare.Types.CompareResult.Less,
                ModRevision = basis.Revision + 1,
            });
        }

        AddInstancesGuard(txn, change.InstancesAsOf);
        var record = ReleaseDocument.Serialize(change.Release);
        if (change.AddsRelease)
        {
            txn.Compare.Add(new Compare { Key = Utf8(Layout.ReleaseKey(change.Release.Number)), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
            foreach (var (hash, content) in change.NewBlobs)
            {
                txn.Success.Add(Put(Layout.BlobKey(hash), content));
            }

            txn.Success.Add(Put(Layout.ReleaseKey(change.Release.Number), record));
        }

        if (change.LiveFiles is { } files)
        {
            var (written, deleted) = Diff(basis, files);
            txn.Success.AddRange(written.Select(path => Put(Layout.FileKey(path), files[path])));
            txn.Success.AddRange(deleted.Select(path => new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Utf8(Layout.FileKey(path)) } }));
            txn.Success.Add(Put(Layout.Current, record));
        }

        if (change.Rollout is { } rollout)
        {
            txn.Success.Add(Put(Layout.Rollout, System.Text.Encoding.UTF8.GetBytes(rollout.ToJson())));
        }

        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Utf8(Layout.Current) } });
        var response = await store.TxnAsync(txn, action, cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw Conflict(basis, response);
        }

        return response.Header.Revision;
    }

    /// <summary>
    /// Rewrites the rollout record alone, if it is still at <paramref name="expected"/>'s revision and, when
    /// <paramref name="instancesAsOf"/> is given, no instance record changed after that revision; false when something did.
    /// </summary>
    public async Task<bool> UpdateRolloutAsync(EtcdRollout expected, EtcdRollout next, long? instancesAsOf, CancellationToken cancellationToken)
    {
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = Utf8(Layout.Rollout), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expected.Revision });
        AddInstancesGuard(txn, instancesAsOf);
        txn.Success.Add(Put(Layout.Rollout, System.Text.Encoding.UTF8.GetBytes(next.ToJson())));
        var response = await store.TxnAsync(txn, "update the rollout record of " + Layout.Prefix, cancellationToken).ConfigureAwait(false);
        return response.Succeeded;
    }

    /// <summary>Requires every instance record unchanged since a revision: a step decided on the fleet as read then.</summary>
    private void AddInstancesGuard(TxnRequest txn, long? asOf)
    {
        if (asOf is { } revision)
        {
            txn.Compare.Add(new Compare
            {
                Key = Utf8(Layout.Instances),
                RangeEnd = ByteString.CopyFrom(EtcdKeyLayout.RangeEnd(Layout.Instances)),
                Target = Compare.Types.CompareTarget.Mod,
                Result = Compare.Types.CompareResult.Less,
                ModRevision = revision + 1,
            });
        }
    }

    private EtcdPublishConflictException Conflict(EtcdConfigRevision basis, TxnResponse response)
    {
        var kvs = response.Responses.Count > 0 ? response.Responses[0].ResponseRange?.Kvs : null;
        var now = kvs is { Count: > 0 } ? ReleaseDocument.TryParse(kvs[0].Value.Span, kvs[0].ModRevision) : null;
        var prefix = Layout.Prefix;
        var message = now is not null && now.Number != basis.Release?.Number
            ? string.Create(CultureInfo.InvariantCulture, $"another publish reached {prefix} first: it is now at release {now.Number} (by {now.Author} at {now.Time:yyyy-MM-dd HH:mm:ss}Z), but this publish was prepared against revision {basis.Revision}; nothing was written, publish again to apply it on top")
            : string.Create(CultureInfo.InvariantCulture, $"keys under {prefix} changed after revision {basis.Revision}, which this publish was prepared against; nothing was written, publish again");
        return new EtcdPublishConflictException(message) { ExpectedRevision = basis.Revision, CurrentRelease = now?.Number };
    }

    private static RequestOp Put(string key, byte[] value) =>
        new() { RequestPut = new PutRequest { Key = Utf8(key), Value = ByteString.CopyFrom(value) } };

    private static ByteString Utf8(string text) => ByteString.CopyFromUtf8(text);
}

/// <summary>
/// One change for <see cref="ReleaseWriter"/>: the basis it was prepared against and the release it concerns; whether it
/// adds that release to the history, makes files live (and the release current), and writes a rollout record.
/// </summary>
internal sealed record ReleaseChange(EtcdConfigRevision Basis, EtcdRelease Release)
{
    /// <summary>The files to make live, the release becoming current; null to leave the live files and current release alone.</summary>
    public IReadOnlyDictionary<string, byte[]>? LiveFiles { get; init; }

    /// <summary>Contents not stored yet, by hash (with <see cref="AddsRelease"/>).</summary>
    public IReadOnlyDictionary<string, byte[]> NewBlobs { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>True when the release record is new: it is written, and the transaction fails if it exists.</summary>
    public bool AddsRelease { get; init; }

    /// <summary>The rollout record to write with the change; null to leave it alone.</summary>
    public EtcdRollout? Rollout { get; init; }

    /// <summary>When set, the change also requires every instance record unchanged since this revision.</summary>
    public long? InstancesAsOf { get; init; }
}
