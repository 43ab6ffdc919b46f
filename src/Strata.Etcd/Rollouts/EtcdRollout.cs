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
/// <param name="Release">The release being rolled out.</param>
/// <param name="PreviousRelease">The release the fleet ran before, which an abort publishes again; null when there was none.</param>
/// <param name="State">Progressing, paused, completed or aborted.</param>
/// <param name="CurrentWave">The last open wave, from 1.</param>
/// <param name="Waves">Every wave, in order; the last one takes everybody.</param>
/// <param name="Bake">How long each wave must run cleanly before the next opens.</param>
/// <param name="MaxUnhealthy">How many instances of the open waves may be rejected or unhealthy before the rollout aborts.</param>
/// <param name="Started">When the rollout began.</param>
/// <param name="WaveOpened">When the current wave opened.</param>
/// <param name="Updated">When the record was last written.</param>
/// <param name="Finished">When it completed or aborted; null while it runs.</param>
/// <param name="Driver">Who last drove it (<c>user@host-pid</c>); null when no driver has run.</param>
/// <param name="Reason">Why it aborted or paused, in words; null otherwise.</param>
/// <param name="Failures">The instance records that made it abort (rejected or unhealthy, with their errors).</param>
/// <param name="RollbackRelease">The release an abort published with the previous content; null otherwise.</param>
public sealed record EtcdRollout(
    long Release,
    long? PreviousRelease,
    EtcdRolloutState State,
    int CurrentWave,
    IReadOnlyList<EtcdRolloutWave> Waves,
    TimeSpan Bake,
    int MaxUnhealthy,
    DateTimeOffset Started,
    DateTimeOffset WaveOpened,
    DateTimeOffset Updated,
    DateTimeOffset? Finished,
    string? Driver,
    string? Reason,
    IReadOnlyList<EtcdInstanceRecord> Failures,
    long? RollbackRelease)
{
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

    /// <summary>The record as stored in etcd: one JSON object (see docs/rollouts.md).</summary>
    /// <param name="indented">Whether to indent it.</param>
    public string ToJson(bool indented = false) => RolloutJson.Write(this, indented);
}
