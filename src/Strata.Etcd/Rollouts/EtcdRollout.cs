using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Strata.Etcd.Instances;

namespace Strata.Etcd.Rollouts;

/// <summary>
/// A staged rollout as recorded at <c>{prefix}/rollout</c>: which release goes out, in which waves, how far it got,
/// and how it ended. Waves <c>1..CurrentWave</c> are open: their instances run <see cref="Release"/>; the others stay
/// on <see cref="PreviousRelease"/> (state <c>holding</c>). The stored value is the JSON of <see cref="ToJson"/>.
/// </summary>
public sealed record EtcdRollout
{
    internal EtcdRollout(long release, long? previousRelease, EtcdRolloutState state, int currentWave, IReadOnlyList<EtcdRolloutWave> waves, TimeSpan bake, int maxUnhealthy,
        DateTimeOffset started, DateTimeOffset waveOpened, DateTimeOffset updated, DateTimeOffset? finished, string? driver, string? reason, IReadOnlyList<EtcdInstanceRecord> failures, long? rollbackRelease)
    {
        (Release, PreviousRelease, State, CurrentWave, Waves, Bake, MaxUnhealthy) = (release, previousRelease, state, currentWave, waves, bake, maxUnhealthy);
        (Started, WaveOpened, Updated, Finished, Driver, Reason, Failures, RollbackRelease) = (started, waveOpened, updated, finished, driver, reason, failures, rollbackRelease);
    }

    /// <summary>The release being rolled out.</summary>
    public long Release { get; internal init; }

    /// <summary>The release the fleet ran before, which an abort publishes again; null when there was none.</summary>
    public long? PreviousRelease { get; internal init; }

    /// <summary>Progressing, paused, completed or aborted.</summary>
    public EtcdRolloutState State { get; internal init; }

    /// <summary>The last open wave, from 1.</summary>
    public int CurrentWave { get; internal init; }

    /// <summary>Every wave, in order; the last one takes everybody.</summary>
    public IReadOnlyList<EtcdRolloutWave> Waves { get; internal init; }

    /// <summary>How long each wave must run cleanly, once all its instances run the release, before the next opens.</summary>
    public TimeSpan Bake { get; internal init; }

    /// <summary>How many instances of the open waves may be rejected or unhealthy before the rollout aborts.</summary>
    public int MaxUnhealthy { get; internal init; }

    /// <summary>When the rollout began.</summary>
    public DateTimeOffset Started { get; internal init; }

    /// <summary>When the current wave opened.</summary>
    public DateTimeOffset WaveOpened { get; internal init; }

    /// <summary>When the record was last written.</summary>
    public DateTimeOffset Updated { get; internal init; }

    /// <summary>When it completed or aborted; null while it runs.</summary>
    public DateTimeOffset? Finished { get; internal init; }

    /// <summary>Who last wrote the record (<c>user@host</c>); null when no driver has run.</summary>
    public string? Driver { get; internal init; }

    /// <summary>Why it aborted or paused, in words; null otherwise.</summary>
    public string? Reason { get; internal init; }

    /// <summary>The instance records that made it abort (rejected, unhealthy, or lost after applying, with their errors).</summary>
    public IReadOnlyList<EtcdInstanceRecord> Failures { get; internal init; }

    /// <summary>The release an abort published with the previous content; null otherwise.</summary>
    public long? RollbackRelease { get; internal init; }

    /// <summary>The cutoff of the last wave: every score is within it.</summary>
    internal const string Everyone = "ffffffffffffffff";

    /// <summary>True while it is progressing or paused: instances outside the open waves hold the previous release.</summary>
    public bool IsActive => State is EtcdRolloutState.Progressing or EtcdRolloutState.Paused;

    /// <summary>True when the last wave is open (the release's files are live under the prefix).</summary>
    public bool IsFinalWaveOpen => CurrentWave >= Waves.Count;

    /// <summary>The etcd mod revision of the record, which every write of it expects unchanged; 0 when not read from etcd.</summary>
    internal long Revision { get; init; }

    /// <summary>The lower-case name of a state, as the record spells it.</summary>
    /// <param name="state">The state.</param>
    public static string StateName(EtcdRolloutState state) => state switch
    {
        EtcdRolloutState.Progressing => "progressing",
        EtcdRolloutState.Paused => "paused",
        EtcdRolloutState.Completed => "completed",
        _ => "aborted",
    };

    /// <summary>
    /// The rendezvous score of an instance for a release: the first 8 bytes of SHA-256 over <c>"{release}\n{id}"</c>,
    /// as 16 lower-case hex digits. Lower scores go first; a new release reshuffles who is in the canary.
    /// </summary>
    /// <param name="release">The release number.</param>
    /// <param name="instanceId">The instance id.</param>
    public static string ScoreOf(long release, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{release}\n{instanceId}")));
        return BinaryPrimitives.ReadUInt64BigEndian(hash).ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The wave an instance belongs to (from 1): the first whose cutoff its score does not exceed.</summary>
    /// <param name="instanceId">The instance id.</param>
    public int WaveOf(string instanceId)
    {
        var score = ScoreOf(Release, instanceId);
        foreach (var wave in Waves)
        {
            if (string.CompareOrdinal(score, wave.Cutoff) <= 0)
            {
                return wave.Number;
            }
        }

        return Waves.Count;
    }

    /// <summary>Two records are equal when they hold the same JSON and were read at the same revision.</summary>
    /// <param name="other">The other record.</param>
    public bool Equals(EtcdRollout? other) =>
        other is not null && Revision == other.Revision && string.Equals(ToJson(), other.ToJson(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Release, State, CurrentWave, Updated, Revision);

    /// <summary>The record as stored in etcd: one JSON object (see docs/rollouts.md).</summary>
    /// <param name="indented">Whether to indent it.</param>
    public string ToJson(bool indented = false) => RolloutJson.Write(this, indented);
}
