using Strata.Etcd.Instances;
using Strata.Etcd.Storage;
using Strata.Model;

namespace Strata.Etcd.Tests.Instances;

/// <summary>The instance record's JSON, its id rules, and the key range it lives in.</summary>
public sealed class InstanceRecordTests
{
    [Fact]
    public void A_record_round_trips_through_its_json()
    {
        var record = new EtcdInstanceRecord("web-1", "host-a", 42, "production", null, 7, 12, "abc123", EtcdInstanceState.Rejected,
            [new ConfigurationError("etcd:/p/base.yaml@9", 3, 5, "redis.port", "not a number")], null, new DateTimeOffset(2026, 12, 2, 10, 0, 0, 123, TimeSpan.Zero));

        var json = record.ToJson();

        Assert.Equal(
            """{"id":"web-1","host":"host-a","pid":42,"environment":"production","agent":null,"release":7,"version":12,"contentHash":"abc123","state":"rejected","errors":[{"file":"etcd:/p/base.yaml@9","line":3,"column":5,"path":"redis.port","message":"not a number"}],"wave":null,"updated":"2026-12-02T10:00:00.123Z"}""",
            json);
        var parsed = InstanceJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json))!;
        Assert.Equal(record with { Errors = parsed.Errors }, parsed);
        Assert.Equal(record.Errors, parsed.Errors);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"host\":\"no id\"}")]
    public void A_value_that_is_not_a_record_is_skipped(string value) =>
        Assert.Null(InstanceJson.TryParse(System.Text.Encoding.UTF8.GetBytes(value)));

    [Theory]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("")]
    public void Unusable_instance_ids_are_refused(string id)
    {
        var options = new EtcdOptions { Prefix = "/p", InstanceId = id }.WithEndpoints("http://127.0.0.1:2379");
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("is not a usable instance id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2500)]
    public void The_instance_ttl_is_whole_seconds_of_at_least_two(int milliseconds)
    {
        var options = new EtcdOptions { Prefix = "/p", InstanceTtl = TimeSpan.FromMilliseconds(milliseconds) }.WithEndpoints("http://127.0.0.1:2379");
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void The_default_id_is_host_and_pid_and_instance_keys_are_not_configuration()
    {
        var id = InstanceIdentity.Resolve(new EtcdOptions());
        Assert.EndsWith("-" + Environment.ProcessId, id, StringComparison.Ordinal);
        Assert.True(InstanceIdentity.IsValid(id));

        var layout = new EtcdKeyLayout("/p");
        Assert.Equal("/p/instances/web-1", layout.InstanceKey("web-1"));
        Assert.Null(layout.RelativePathOf("/p/instances/web-1"));
        Assert.Equal("instancesfile.yaml", layout.RelativePathOf("/p/instancesfile.yaml"));
    }
}
