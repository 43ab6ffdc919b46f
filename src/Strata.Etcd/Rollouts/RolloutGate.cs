using System.Collections.Immutable;
using Strata.Etcd.Storage;

namespace Strata.Etcd.Rollouts;

/// <summary>
/// Decides which copy of the configuration one instance serves. Outside a staged rollout, and for an instance whose
/// wave has not opened, that is the live copy (the files under the prefix, which stay on the previous release until
/// the last wave opens). For an instance in an open wave it is the rolling-out release, read once from the history
/// and kept while that release rolls out.
/// </summary>
internal sealed class RolloutGate
{
    private readonly EtcdStore _store;
    private Staged? _staged;
    private (long Release, string Error)? _unavailable;

    public RolloutGate(EtcdStore store, string instanceId)
    {
        _store = store;
        InstanceId = instanceId;
    }

    public string InstanceId { get; }

    /// <summary>The release this instance runs instead of the live files, or null when it runs the live files.</summary>
    public long? StagedRelease(EtcdConfigRevision live) =>
        live.Rollout is { IsActive: true } rollout && rollout.Release > (live.Release?.Number ?? 0) && rollout.WaveOf(InstanceId) <= rollout.CurrentWave
            ? rollout.Release
            : null;

    /// <summary>
    /// The copy to serve for a live copy: the live copy itself, or the rolling-out release's files at the same revision.
    /// When that release's record or content is missing or damaged in the history, the live copy, marked with the error
    /// (the instance reports itself rejected, and the rollout counts it as a failure).
    /// </summary>
    /// <exception cref="EtcdException">The rolling-out release cannot be read (etcd is unreachable).</exception>
    /// <exception cref="EtcdReleaseUnavailableException">Its record or content is missing or damaged in the history.</exception>
    public async Task<EtcdConfigRevision> ResolveAsync(EtcdConfigRevision live, CancellationToken cancellationToken)
    {
        if (StagedRelease(live) is not { } number)
        {
            return live;
        }

        if (_unavailable is { } failed && failed.Release == number)
        {
            return live.WithServingError(failed.Error);
        }

        var staged = Volatile.Read(ref _staged);
        if (staged is null || staged.Release.Number != number)
        {
            try
            {
                var (release, content) = await _store.ReadReleaseContentAsync(number, cancellationToken).ConfigureAwait(false)
                    ?? throw new EtcdReleaseUnavailableException($"release {number} is rolling out under {_store.Layout.Prefix}, but its record is not in the history");
                var files = content.ToImmutableSortedDictionary(f => f.Key, f => new EtcdConfigFile(f.Value, release.Revision), StringComparer.Ordinal);
                staged = new Staged(release, files);
                Volatile.Write(ref _staged, staged);
            }
            catch (EtcdReleaseUnavailableException ex)
            {
                _unavailable = (number, ex.Message);
                return live.WithServingError(ex.Message);
            }
        }

        return live.Serving(staged.Release, staged.Files);
    }

    private sealed record Staged(EtcdRelease Release, ImmutableSortedDictionary<string, EtcdConfigFile> Files);
}
