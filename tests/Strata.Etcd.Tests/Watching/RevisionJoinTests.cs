using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Mvccpb;
using Strata.Etcd.Rollouts;
using Strata.Etcd.Storage;
using Strata.Etcd.Watching;

namespace Strata.Etcd.Tests.Watching;

/// <summary>
/// How the two halves of the prefix watch (before and after <c>instances/</c>) are joined into whole revisions, in
/// either arrival order, without etcd.
/// </summary>
public sealed class RevisionJoinTests
{
    private const long Before = RevisionJoin.BeforeInstances;
    private const long After = RevisionJoin.AfterInstances;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly EtcdKeyLayout _layout = new("/app");

    [Fact]
    public void A_publish_waits_for_its_rollout_record_when_the_current_release_comes_first()
    {
        var join = Joined(10);
        join.Add(Before, Events(Put("base.yaml", 11), Current(2, 11)));

        Assert.Empty(join.TakeWhole(1));
        Assert.False(join.IsEmpty);

        join.Add(After, Events(Rollout(2, EtcdRolloutState.Completed, 11)));
        var taken = join.TakeWhole(1);
        Assert.Equal(["/app/base.yaml", "/app/.strata/current", "/app/rollout"], Keys(taken));
        Assert.True(join.IsEmpty);
        Assert.Equal(11, join.Settled);
    }

    [Fact]
    public void Files_after_instances_written_with_the_rollout_record_wait_for_the_current_release()
    {
        var join = Joined(10);
        join.Add(After, Events(Put("schema.yaml", 11), Rollout(2, EtcdRolloutState.Completed, 11)));

        Assert.Empty(join.TakeWhole(1));

        join.Add(Before, Events(Put("base.yaml", 11), Current(2, 11)));
        Assert.Equal(["/app/base.yaml", "/app/.strata/current", "/app/schema.yaml", "/app/rollout"], Keys(join.TakeWhole(1)));
    }

    [Theory]
    [InlineData(EtcdRolloutState.Completed, 3, 2)]
    [InlineData(EtcdRolloutState.Progressing, 3, 3)]
    public void A_rollout_record_alone_that_moves_the_live_files_waits_for_the_current_release(EtcdRolloutState state, int currentWave, int waves)
    {
        var join = Joined(10);
        join.Add(After, Events(Rollout(2, state, 11, currentWave, waves)));

        Assert.Empty(join.TakeWhole(1));
        Assert.Single(join.TakeWhole(2));
    }

    [Fact]
    public void An_abort_that_republishes_the_previous_content_waits_for_the_current_release()
    {
        var join = Joined(10);
        join.Add(After, Events(Rollout(2, EtcdRolloutState.Aborted, 11, rollbackRelease: 3)));

        Assert.Empty(join.TakeWhole(1));
        join.Add(Before, Events(Put("base.yaml", 11), Current(3, 11)));
        Assert.Equal(3, join.TakeWhole(1).Count);
    }

    [Fact]
    public void A_wave_opening_a_completion_and_hand_made_edits_are_whole_as_they_arrive()
    {
        var join = Joined(10);
        join.Add(After, Events(Rollout(3, EtcdRolloutState.Progressing, 11, currentWave: 2, waves: 3)));
        Assert.Single(join.TakeWhole(2));

        join.Add(After, Events(Rollout(3, EtcdRolloutState.Completed, 12)));
        Assert.Single(join.TakeWhole(3));

        join.Add(After, Events(Put("schema.yaml", 13)));
        Assert.Single(join.TakeWhole(3));

        join.Add(Before, Events(Put("base.yaml", 14)));
        Assert.Single(join.TakeWhole(3));
        Assert.True(join.IsEmpty);
    }

    [Fact]
    public void A_later_revision_never_overtakes_one_that_waits()
    {
        var join = Joined(10);
        join.Add(Before, Events(Current(2, 11), Put("base.yaml", 12)));

        Assert.Empty(join.TakeWhole(1));

        join.Add(After, Events(Rollout(2, EtcdRolloutState.Completed, 11)));
        Assert.Equal(["/app/.strata/current", "/app/rollout", "/app/base.yaml"], Keys(join.TakeWhole(1)));
    }

    [Fact]
    public void A_half_that_has_moved_past_a_revision_has_nothing_more_for_it()
    {
        var join = Joined(10);
        join.Add(Before, Events(Current(2, 11)));
        Assert.Empty(join.TakeWhole(1));

        join.Progress(After, 11);
        Assert.Single(join.TakeWhole(1));

        join.Add(After, Events(Rollout(3, EtcdRolloutState.Completed, 12)));
        Assert.Empty(join.TakeWhole(2));
        join.Add(Before, Events(Put("agents/a.yaml", 13)));
        Assert.Equal(["/app/rollout", "/app/agents/a.yaml"], Keys(join.TakeWhole(2)));
    }

    [Fact]
    public void A_progress_notification_for_no_watch_in_particular_counts_for_both_and_reset_forgets_what_waits()
    {
        var join = Joined(10);
        join.Progress(-1, 15);
        Assert.Equal(15, join.Settled);

        join.Add(Before, Events(Current(2, 16)));
        join.Reset(15);
        Assert.True(join.IsEmpty);
        Assert.Equal(15, join.Settled);
    }

    private RevisionJoin Joined(long applied)
    {
        var join = new RevisionJoin(_layout);
        join.Reset(applied);
        return join;
    }

    private static RepeatedField<Event> Events(params Event[] events) => [.. events];

    private static List<string> Keys(List<Event> events) => [.. events.Select(e => e.Kv.Key.ToStringUtf8())];

    private Event Put(string relativePath, long revision) => Put(_layout.FileKey(relativePath), Encoding.UTF8.GetBytes("a: 1\n"), revision);

    private Event Current(long release, long revision) =>
        Put(_layout.Current, ReleaseDocument.Serialize(new EtcdRelease(release, "hash", "me", T0, string.Empty, new Dictionary<string, string>(), null, revision)), revision);

    private Event Rollout(long release, EtcdRolloutState state, long revision, int currentWave = 1, int waves = 1, long? rollbackRelease = null)
    {
        var planned = Enumerable.Range(1, waves).Select(n => new EtcdRolloutWave(n, "100%", n, n == waves ? EtcdRollout.Everyone : "8000000000000000")).ToList();
        var rollout = new EtcdRollout(release, release - 1, state, currentWave, planned, TimeSpan.Zero, 0, T0, T0, T0, null, null, null, [], rollbackRelease);
        return Put(_layout.Rollout, Encoding.UTF8.GetBytes(rollout.ToJson()), revision);
    }

    private static Event Put(string key, byte[] value, long revision) =>
        new() { Type = Event.Types.EventType.Put, Kv = new KeyValue { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(value), ModRevision = revision } };
}
