using Google.Protobuf.Collections;
using Mvccpb;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;

namespace Strata.Etcd.Watching;

/// <summary>
/// Puts whole revisions back together from the two watches that cover a prefix without its instance records: one on
/// the keys before <c>{prefix}/instances/</c> (the current release, the history and most files) and one on the keys
/// after it (the rollout record and files such as <c>schema.yaml</c>). etcd keeps each watch's events of one revision
/// in one response, but a transaction that writes on both sides arrives as two responses, in either order. A revision
/// is whole when both sides have delivered it, when the side that has not delivered it has already moved past it, or
/// when what arrived shows the other side has nothing for it:
/// <list type="bullet">
/// <item>a new current release is always written with the rollout record (<see cref="Publishing.ReleaseWriter"/>
/// requires it), so it waits for the other side;</item>
/// <item>a rollout record written with config files, or one saying that the live files moved to a release newer than
/// the one applied (a release published to everyone, the last wave opened, an abort's rollback release), comes with a
/// new current release, so it waits for it;</item>
/// <item>anything else (a rollout record alone, files edited by hand) is whole as it arrives. A hand-made transaction
/// that writes files on both sides of <c>instances/</c> may therefore go live in two steps.</item>
/// </list>
/// </summary>
internal sealed class RevisionJoin(EtcdKeyLayout layout)
{
    /// <summary>The half of the keys before <c>instances/</c> (the change source maps etcd's watch ids to the halves).</summary>
    public const long BeforeInstances = 1;

    /// <summary>The half of the keys after <c>instances/</c>.</summary>
    public const long AfterInstances = 2;

    private readonly SortedDictionary<long, Revision> _pending = [];
    private long _deliveredBefore;
    private long _deliveredAfter;

    /// <summary>True when no revision is waiting for its other half.</summary>
    public bool IsEmpty => _pending.Count == 0;

    /// <summary>Every revision up to this one has been delivered by both watches (events or progress).</summary>
    public long Settled => Math.Min(_deliveredBefore, _deliveredAfter);

    /// <summary>Forgets everything: a new pair of watches starts from the revision after <paramref name="applied"/>.</summary>
    public void Reset(long applied)
    {
        _pending.Clear();
        _deliveredBefore = _deliveredAfter = applied;
    }

    /// <summary>Adds the events of one watch response.</summary>
    /// <param name="half">The half whose watch they came from (<see cref="BeforeInstances"/> or <see cref="AfterInstances"/>).</param>
    /// <param name="events">Its events, in revision order.</param>
    public void Add(long half, RepeatedField<Event> events)
    {
        var before = half == BeforeInstances;
        foreach (var e in events)
        {
            var revision = e.Kv.ModRevision;
            if (!_pending.TryGetValue(revision, out var part))
            {
                _pending[revision] = part = new Revision();
            }

            (before ? part.Before : part.After).Add(e);
            Note(before, revision);
        }
    }

    /// <summary>Notes a progress notification: the watch has delivered every event up to <paramref name="revision"/>.</summary>
    /// <param name="half">The half whose watch it came from; a notification for no watch in particular (-1) counts for both.</param>
    /// <param name="revision">The revision.</param>
    public void Progress(long half, long revision)
    {
        if (half != AfterInstances)
        {
            Note(before: true, revision);
        }

        if (half != BeforeInstances)
        {
            Note(before: false, revision);
        }
    }

    /// <summary>
    /// Takes the events of every whole revision in order, stopping at the first one that still waits for its other half.
    /// </summary>
    /// <param name="liveRelease">The release the applied live files belong to.</param>
    public List<Event> TakeWhole(long? liveRelease)
    {
        var taken = new List<Event>();
        while (_pending.Count > 0)
        {
            var (revision, part) = _pending.First();
            if (!IsWhole(revision, part, liveRelease))
            {
                break;
            }

            _pending.Remove(revision);
            taken.AddRange(part.Before);
            taken.AddRange(part.After);
            liveRelease = CurrentRelease(part.Before) ?? liveRelease;
        }

        return taken;
    }

    private void Note(bool before, long revision)
    {
        if (before)
        {
            _deliveredBefore = Math.Max(_deliveredBefore, revision);
        }
        else
        {
            _deliveredAfter = Math.Max(_deliveredAfter, revision);
        }
    }

    private bool IsWhole(long revision, Revision part, long? liveRelease)
    {
        if (part.Before.Count > 0 && part.After.Count > 0)
        {
            return true;
        }

        if (part.Before.Count > 0)
        {
            return _deliveredAfter >= revision || CurrentRelease(part.Before) is null;
        }

        return _deliveredBefore >= revision || !MovesCurrent(part.After, liveRelease);
    }

    /// <summary>The release a put of the current-release key among the events names; null when there is none.</summary>
    private long? CurrentRelease(List<Event> events)
    {
        foreach (var e in events)
        {
            if (e.Type == Event.Types.EventType.Put && e.Kv.Key.Span.SequenceEqual(layout.CurrentBytes))
            {
                return ReleaseDocument.TryParse(e.Kv.Value.Span, e.Kv.ModRevision)?.Number ?? 0;
            }
        }

        return null;
    }

    /// <summary>True when the events after <c>instances/</c> belong to a transaction that also moved the current release.</summary>
    private bool MovesCurrent(List<Event> events, long? liveRelease)
    {
        EtcdRollout? rollout = null;
        var files = false;
        foreach (var e in events)
        {
            if (e.Kv.Key.Span.SequenceEqual(layout.RolloutBytes))
            {
                rollout = e.Type == Event.Types.EventType.Put ? RolloutJson.TryParse(e.Kv.Value.Span, e.Kv.ModRevision) : null;
            }
            else
            {
                files = true;
            }
        }

        if (rollout is null)
        {
            return false;
        }

        var live = liveRelease ?? 0;
        return files
            || (rollout.Release > live && (rollout.State == EtcdRolloutState.Completed || (rollout.IsActive && rollout.IsFinalWaveOpen)))
            || (rollout.State == EtcdRolloutState.Aborted && rollout.RollbackRelease > live);
    }

    private sealed class Revision
    {
        public List<Event> Before { get; } = [];

        public List<Event> After { get; } = [];
    }
}
