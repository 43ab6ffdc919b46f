using Etcdserverpb;
using Google.Protobuf;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;

namespace Strata.Etcd.Instances;

/// <summary>
/// Who runs what, read from etcd at one revision: the current release, the rollout record, and the record of every
/// live instance (an instance whose process died drops out when its lease expires). <c>strata fleet status</c> prints it.
/// </summary>
public sealed class EtcdFleetStatus
{
    private EtcdFleetStatus(long revision, EtcdRelease? release, EtcdRollout? rollout, IReadOnlyList<EtcdInstanceRecord> instances)
    {
        Revision = revision;
        Release = release;
        Rollout = rollout;
        Instances = instances;
    }

    /// <summary>The etcd revision the status was read at.</summary>
    public long Revision { get; }

    /// <summary>The current release record, or null when nothing was published.</summary>
    public EtcdRelease? Release { get; }

    /// <summary>The rollout record (the latest rollout, whatever its state), or null when there has been none.</summary>
    public EtcdRollout? Rollout { get; }

    /// <summary>The live instances, sorted by id.</summary>
    public IReadOnlyList<EtcdInstanceRecord> Instances { get; }

    /// <summary>Reads the current release, the rollout and every instance record under <see cref="EtcdOptions.Prefix"/> in one request.</summary>
    /// <param name="options">Endpoints, prefix and credentials.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="EtcdException">etcd cannot be reached or refuses the read.</exception>
    public static async Task<EtcdFleetStatus> ReadAsync(EtcdOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var store = new EtcdStore(options);
        return await ReadAsync(store, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<EtcdFleetStatus> ReadAsync(EtcdStore store, CancellationToken cancellationToken)
    {
        var layout = store.Layout;
        var request = new TxnRequest();
        request.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = ByteString.CopyFromUtf8(layout.Current) } });
        request.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = ByteString.CopyFromUtf8(layout.Rollout) } });
        request.Success.Add(new RequestOp
        {
            RequestRange = new RangeRequest
            {
                Key = ByteString.CopyFromUtf8(layout.Instances),
                RangeEnd = ByteString.CopyFrom(EtcdKeyLayout.RangeEnd(layout.Instances)),
            },
        });
        var response = await store.TxnAsync(request, "read the fleet status of " + layout.Prefix, cancellationToken).ConfigureAwait(false);
        var current = response.Responses[0].ResponseRange.Kvs;
        var release = current.Count == 0 ? null : ReleaseDocument.TryParse(current[0].Value.Span, current[0].ModRevision);
        var rolloutKv = response.Responses[1].ResponseRange.Kvs;
        var rollout = rolloutKv.Count == 0 ? null : RolloutJson.TryParse(rolloutKv[0].Value.Span, rolloutKv[0].ModRevision);
        var instances = response.Responses[2].ResponseRange.Kvs
            .Select(kv => InstanceJson.TryParse(kv.Value.Span))
            .OfType<EtcdInstanceRecord>()
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        return new EtcdFleetStatus(response.Header.Revision, release, rollout, instances);
    }
}
