using System.Text;
using Google.Protobuf;
using Mvccpb;
using Strata.Etcd.Storage;

namespace Strata.Etcd.Tests.Storage;

public sealed class KeyLayoutTests
{
    private static readonly EtcdKeyLayout Layout = new("/apps/fleet/");

    [Fact]
    public void Keys_live_under_the_prefix_and_history_stays_apart()
    {
        Assert.Equal("/apps/fleet", Layout.Prefix);
        Assert.Equal("/apps/fleet/environments/production.yaml", Layout.FileKey("environments/production.yaml"));
        Assert.Equal("/apps/fleet/.strata/history/releases/000000000012", Layout.ReleaseKey(12));
        Assert.Equal("environments/production.yaml", Layout.RelativePathOf("/apps/fleet/environments/production.yaml"));
        Assert.Null(Layout.RelativePathOf("/apps/fleet/.strata/current"));
        Assert.Null(Layout.RelativePathOf("/apps/fleet/.strata/history/blobs/abc"));
        Assert.Null(Layout.RelativePathOf("/apps/fleet2/base.yaml"));
        Assert.Null(Layout.RelativePathOf("/apps/fleet/"));
        Assert.Equal("etcd:/apps/fleet/base.yaml@42", Layout.SourceName("base.yaml", 42));
    }

    [Theory]
    [InlineData("/a/", "2F6130")]
    [InlineData("abc", "616264")]
    [InlineData("a\u00ff", "61C3C0")]
    public void The_range_end_is_the_first_key_after_every_key_with_the_prefix(string prefix, string expectedHex)
    {
        var end = EtcdKeyLayout.RangeEnd(prefix);

        Assert.Equal(expectedHex, Convert.ToHexString(end));
        Assert.True(CompareBytes(Encoding.UTF8.GetBytes(prefix + "\uffff\uffff"), end) < 0);
    }

    [Fact]
    public void A_watch_response_becomes_one_new_copy_with_the_files_it_touched()
    {
        var copy = EtcdConfigRevision.FromFiles("/apps/fleet", [new("base.yaml", Encoding.UTF8.GetBytes("a: 1\n")), new("agents/old.yaml", Encoding.UTF8.GetBytes("b: 1\n"))]);
        var release = new EtcdRelease(2, "h", "ci", DateTimeOffset.UnixEpoch, "m", new Dictionary<string, string>(), null, 0);
        var events = new[]
        {
            Put("/apps/fleet/base.yaml", "a: 2\n", 9),
            Delete("/apps/fleet/agents/old.yaml", 9),
            Put("/apps/fleet/.strata/history/releases/000000000002", "{}", 9),
            new Event { Type = Event.Types.EventType.Put, Kv = new KeyValue { Key = ByteString.CopyFromUtf8("/apps/fleet/.strata/current"), Value = ByteString.CopyFrom(ReleaseDocument.Serialize(release)), ModRevision = 9 } },
        };
        var changed = new List<string>();

        var next = copy.Apply(Layout, events, changed);

        Assert.Equal(["base.yaml", "agents/old.yaml"], changed);
        Assert.Equal(9, next.Revision);
        Assert.Equal(2, next.Release!.Number);
        Assert.Equal(9, next.Release.Revision);
        Assert.Equal(["base.yaml"], next.Files.Keys);
        Assert.Equal("a: 2\n", Encoding.UTF8.GetString(next.Files["base.yaml"].Content.Span));
        Assert.Equal(2, copy.Files.Count);
    }

    [Fact]
    public void Release_records_round_trip_and_foreign_values_are_ignored()
    {
        var release = new EtcdRelease(3, "abc", "alice", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), "why", new Dictionary<string, string> { ["base.yaml"] = "h1" }, 1, 0);

        var back = ReleaseDocument.TryParse(ReleaseDocument.Serialize(release), 77)!;

        Assert.Equal(release with { Revision = 77, Files = back.Files }, back);
        Assert.Equal("h1", back.Files["base.yaml"]);
        Assert.Null(ReleaseDocument.TryParse("not json"u8, 1));
        Assert.Null(ReleaseDocument.TryParse("{\"release\":0}"u8, 1));
    }

    private static Event Put(string key, string value, long revision) =>
        new() { Type = Event.Types.EventType.Put, Kv = new KeyValue { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value), ModRevision = revision } };

    private static Event Delete(string key, long revision) =>
        new() { Type = Event.Types.EventType.Delete, Kv = new KeyValue { Key = ByteString.CopyFromUtf8(key), ModRevision = revision } };

    private static int CompareBytes(byte[] a, byte[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
