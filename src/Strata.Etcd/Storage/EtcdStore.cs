using System.Globalization;
using System.Security.Cryptography;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Strata.Etcd.Connection;

namespace Strata.Etcd.Storage;

/// <summary>
/// The etcd requests Strata makes for one prefix: a consistent read of the configuration, reads of the history,
/// guarded transactions, and watch streams. Requests go through an <see cref="EtcdConnection"/>, which moves to
/// another member when the one in use fails. Every failure surfaces as a one-line <see cref="EtcdException"/>.
/// </summary>
internal sealed class EtcdStore : IDisposable
{
    /// <summary>Asks etcd to end a watch when its member loses the cluster leader, so the watcher moves to a healthy member.</summary>
    private static readonly Metadata RequireLeader = new() { { "hasleader", "true" } };

    private readonly EtcdConnection _connection;

    public EtcdStore(EtcdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Layout = new EtcdKeyLayout(options.Prefix);
        _connection = new EtcdConnection(options);
    }

    public EtcdOptions Options { get; }

    public EtcdKeyLayout Layout { get; }

    /// <summary>The members and the one in use now.</summary>
    public EtcdConnection Connection => _connection;

    private DateTime Deadline => DateTime.UtcNow + Options.RequestTimeout;

    /// <summary>Reads every config file and the current release at one revision, skipping the history range.</summary>
    public async Task<EtcdConfigRevision> ReadConfigAsync(CancellationToken cancellationToken)
    {
        var request = new TxnRequest();
        request.Success.Add(new RequestOp { RequestRange = Range(Layout.Root, Layout.History) });
        request.Success.Add(new RequestOp { RequestRange = Range(EtcdKeyLayout.RangeEnd(Layout.History), EtcdKeyLayout.RangeEnd(Layout.Root)) });
        var response = await TxnAsync(request, "read " + Layout.Prefix, cancellationToken).ConfigureAwait(false);
        return EtcdConfigRevision.Read(Layout, response.Header.Revision, response.Responses.SelectMany(r => r.ResponseRange.Kvs));
    }

    /// <summary>Every release record, oldest first.</summary>
    public async Task<IReadOnlyList<EtcdRelease>> ReadReleasesAsync(CancellationToken cancellationToken)
    {
        var response = await RangeAsync(Range(Layout.Releases, null), "read the release history of " + Layout.Prefix, cancellationToken).ConfigureAwait(false);
        return [.. response.Kvs.Select(kv => ReleaseDocument.TryParse(kv.Value.Span, kv.ModRevision)).OfType<EtcdRelease>().OrderBy(r => r.Number)];
    }

    /// <summary>The highest release number in the history (0 when there is none).</summary>
    public async Task<long> ReadHighestReleaseNumberAsync(CancellationToken cancellationToken)
    {
        var request = Range(Layout.Releases, null);
        request.KeysOnly = true;
        request.Limit = 1;
        request.SortOrder = RangeRequest.Types.SortOrder.Descend;
        request.SortTarget = RangeRequest.Types.SortTarget.Key;
        var response = await RangeAsync(request, "read the release history of " + Layout.Prefix, cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count > 0 && long.TryParse(response.Kvs[0].Key.ToStringUtf8()[Layout.Releases.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }

    /// <summary>The current release record, or null.</summary>
    public async Task<EtcdRelease?> ReadCurrentReleaseAsync(CancellationToken cancellationToken)
    {
        var response = await RangeAsync(new RangeRequest { Key = ByteString.CopyFromUtf8(Layout.Current) }, "read the current release of " + Layout.Prefix, cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : ReleaseDocument.TryParse(response.Kvs[0].Value.Span, response.Kvs[0].ModRevision);
    }

    /// <summary>One release record, or null when there is none with that number.</summary>
    public async Task<EtcdRelease?> ReadReleaseAsync(long number, CancellationToken cancellationToken)
    {
        var key = Layout.ReleaseKey(number);
        var response = await RangeAsync(new RangeRequest { Key = ByteString.CopyFromUtf8(key) }, "read release " + number, cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : ReleaseDocument.TryParse(response.Kvs[0].Value.Span, response.Kvs[0].ModRevision);
    }

    /// <summary>A release record and the content of each of its files, checked against their hashes; null when there is no such release.</summary>
    /// <exception cref="EtcdReleaseUnavailableException">A file's stored content is missing or does not match its hash.</exception>
    public async Task<(EtcdRelease Release, SortedDictionary<string, byte[]> Files)?> ReadReleaseContentAsync(long number, CancellationToken cancellationToken)
    {
        var release = await ReadReleaseAsync(number, cancellationToken).ConfigureAwait(false);
        if (release is null)
        {
            return null;
        }

        var blobs = await ReadBlobsAsync(release.Files.Values, cancellationToken).ConfigureAwait(false);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, hash) in release.Files)
        {
            if (!blobs.TryGetValue(hash, out var content) || ContentHash(content) != hash)
            {
                throw new EtcdReleaseUnavailableException($"the stored content of {path} in release {number} is missing or damaged ({Layout.BlobKey(hash)})");
            }

            files[path] = content;
        }

        return (release, files);
    }

    /// <summary>The key of a file's content among the blobs: the lowercase hex SHA-256 of its bytes.</summary>
    public static string ContentHash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The stored contents for the given hashes; missing ones are left out.</summary>
    public async Task<Dictionary<string, byte[]>> ReadBlobsAsync(IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        var request = new TxnRequest();
        foreach (var hash in hashes.Distinct(StringComparer.Ordinal))
        {
            request.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = ByteString.CopyFromUtf8(Layout.BlobKey(hash)) } });
        }

        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (request.Success.Count == 0)
        {
            return blobs;
        }

        var response = await TxnAsync(request, "read stored file contents", cancellationToken).ConfigureAwait(false);
        foreach (var kv in response.Responses.SelectMany(r => r.ResponseRange.Kvs))
        {
            blobs[kv.Key.ToStringUtf8()[Layout.Blobs.Length..]] = kv.Value.ToByteArray();
        }

        return blobs;
    }

    /// <summary>The content hashes already stored, by listing the blob keys.</summary>
    public async Task<HashSet<string>> ReadBlobHashesAsync(CancellationToken cancellationToken)
    {
        var request = Range(Layout.Blobs, null);
        request.KeysOnly = true;
        var response = await RangeAsync(request, "list stored file contents", cancellationToken).ConfigureAwait(false);
        return [.. response.Kvs.Select(kv => kv.Key.ToStringUtf8()[Layout.Blobs.Length..])];
    }

    /// <summary>Runs a transaction; a read-only one is sent again to another member when its member fails.</summary>
    public Task<TxnResponse> TxnAsync(TxnRequest request, string action, CancellationToken cancellationToken) =>
        _connection.CallAsync(action, IsReadOnly(request), client => client.TransactionAsync(request, deadline: Deadline, cancellationToken: cancellationToken), cancellationToken);

    /// <summary>Reads a range, from another member when the one in use fails.</summary>
    public Task<RangeResponse> RangeAsync(RangeRequest request, string action, CancellationToken cancellationToken) =>
        _connection.CallAsync(action, idempotent: true, client => client.GetAsync(request, deadline: Deadline, cancellationToken: cancellationToken), cancellationToken);

    /// <summary>
    /// Forgets the cached authentication token when etcd no longer accepts it (tokens do not survive an etcd
    /// restart), so the next request signs in again. Returns true when it did.
    /// </summary>
    public bool RenewTokenAfter(Exception failure) => _connection.RenewTokenAfter(failure);

    /// <summary>
    /// Opens a watch stream on the member in use; the caller writes the create request, reads responses, and hands
    /// the member to <see cref="EtcdConnection.Failed"/> when the stream fails, so the next one opens on another member.
    /// </summary>
    public (EtcdMemberClient Member, AsyncDuplexStreamingCall<WatchRequest, WatchResponse> Call) OpenWatch(CancellationToken cancellationToken)
    {
        var member = _connection.Pick();
        return (member, member.Client.GetConnection().WatchClient.Watch(RequireLeader, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The two watches that cover every key under the prefix except the instance records, from a revision on: the keys
    /// before <c>instances/</c> and the keys after it (see <see cref="Watching.RevisionJoin"/>). Leaving the records out
    /// keeps each instance from receiving every other instance's record write.
    /// </summary>
    public IEnumerable<WatchRequest> CreateWatches(long startRevision)
    {
        foreach (var range in Layout.GuardedRanges())
        {
            yield return new WatchRequest
            {
                CreateRequest = new WatchCreateRequest
                {
                    Key = ByteString.CopyFrom(range.Start),
                    RangeEnd = ByteString.CopyFrom(range.End),
                    StartRevision = startRevision,
                    ProgressNotify = true,
                },
            };
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>True when every operation of the transaction only reads, so sending it twice is harmless.</summary>
    private static bool IsReadOnly(TxnRequest request) =>
        request.Success.Concat(request.Failure).All(op => op.RequestCase == RequestOp.RequestOneofCase.RequestRange);

    private static RangeRequest Range(string key, string? end) => new()
    {
        Key = ByteString.CopyFromUtf8(key),
        RangeEnd = end is null ? ByteString.CopyFrom(EtcdKeyLayout.RangeEnd(key)) : ByteString.CopyFromUtf8(end),
    };

    private static RangeRequest Range(byte[] key, byte[] end) => new()
    {
        Key = ByteString.CopyFrom(key),
        RangeEnd = ByteString.CopyFrom(end),
    };
}
