using Strata.Etcd.Storage;

namespace Strata.Etcd.Publishing;

/// <summary>The outcome of a publish or rollback.</summary>
/// <param name="Published">False when the prefix already held this content; nothing was written.</param>
/// <param name="Release">The new release (with the revision of its transaction), or the current one when nothing was published.</param>
/// <param name="Written">Files added or changed.</param>
/// <param name="Deleted">Files removed.</param>
public sealed record EtcdPublishResult(bool Published, EtcdRelease Release, IReadOnlyList<string> Written, IReadOnlyList<string> Deleted);
