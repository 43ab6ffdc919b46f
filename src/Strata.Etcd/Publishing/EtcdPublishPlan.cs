using Strata.Etcd.Storage;

namespace Strata.Etcd.Publishing;

/// <summary>
/// A validated publish, ready to commit: what it writes and deletes, the release record it adds, and the
/// revision it was prepared against. Committing fails (writing nothing) when anything changed under the prefix
/// since that revision.
/// </summary>
public sealed class EtcdPublishPlan
{
    internal EtcdPublishPlan(EtcdConfigRevision basis, EtcdRelease release, IReadOnlyDictionary<string, byte[]> files, IReadOnlyList<string> written, IReadOnlyList<string> deleted, IReadOnlyDictionary<string, byte[]> newBlobs)
    {
        Basis = basis;
        Release = release;
        Files = files;
        Written = written;
        Deleted = deleted;
        NewBlobs = newBlobs;
    }

    /// <summary>The revision the plan was prepared against (the expected revision of the guarded transaction).</summary>
    public long ExpectedRevision => Basis.Revision;

    /// <summary>The release that was current when the plan was prepared, if any.</summary>
    public EtcdRelease? PreviousRelease => Basis.Release;

    /// <summary>The release record the commit writes.</summary>
    public EtcdRelease Release { get; }

    /// <summary>Files added or changed, by relative path.</summary>
    public IReadOnlyList<string> Written { get; }

    /// <summary>Files removed, by relative path.</summary>
    public IReadOnlyList<string> Deleted { get; }

    /// <summary>True when the prefix already holds exactly this content as its current release: committing does nothing.</summary>
    public bool IsEmpty => Written.Count == 0 && Deleted.Count == 0 && string.Equals(Basis.Release?.ContentHash, Release.ContentHash, StringComparison.Ordinal);

    internal EtcdConfigRevision Basis { get; }

    internal IReadOnlyDictionary<string, byte[]> Files { get; }

    internal IReadOnlyDictionary<string, byte[]> NewBlobs { get; }
}
