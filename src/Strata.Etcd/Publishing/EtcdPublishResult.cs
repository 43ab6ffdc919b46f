using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;

namespace Strata.Etcd.Publishing;

/// <summary>The outcome of a publish or rollback.</summary>
/// <param name="Published">False when the prefix already held this content; nothing was written.</param>
/// <param name="Release">The new release (with the revision of its transaction), or the current one when nothing was published.</param>
/// <param name="Written">Files added or changed under the prefix (none yet for a staged rollout, whose files change when its last wave opens).</param>
/// <param name="Deleted">Files removed under the prefix.</param>
public sealed record EtcdPublishResult(bool Published, EtcdRelease Release, IReadOnlyList<string> Written, IReadOnlyList<string> Deleted)
{
    /// <summary>The rollout record the publish wrote (a completed one-wave rollout unless it was staged); null when nothing was published.</summary>
    public EtcdRollout? Rollout { get; init; }
}
