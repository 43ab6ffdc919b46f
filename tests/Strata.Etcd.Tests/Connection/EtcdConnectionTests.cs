using System.Net.Http;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Strata.Etcd.Connection;
using Strata.Etcd.Tests.Infrastructure;

namespace Strata.Etcd.Tests.Connection;

/// <summary>Failover between members: which failures move on, the backoff between attempts, its bound, cancellation.</summary>
public sealed class EtcdConnectionTests
{
    [Fact]
    public async Task Members_that_all_refuse_are_each_tried_with_jittered_exponential_backoff_then_the_request_fails()
    {
        var clock = new RecordingTimeProvider(fire: true);
        var options = DeadMembers(3, clock);
        using var store = new Strata.Etcd.Storage.EtcdStore(options);

        var failure = await Assert.ThrowsAsync<EtcdException>(() => store.ReadCurrentReleaseAsync(CancellationToken.None));

        Assert.Contains("unreachable", failure.Message, StringComparison.Ordinal);
        var delays = clock.Delays;
        Assert.Equal(store.Connection.MaxAttempts - 1, delays.Count);
        for (var i = 0; i < delays.Count; i++)
        {
            var cap = Math.Min(options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, i), options.ReconnectMaxDelay.TotalMilliseconds);
            Assert.InRange(delays[i].TotalMilliseconds, (cap * 0.5) - 0.001, cap + 0.001);
        }
    }

    [Fact]
    public async Task A_write_the_first_member_refused_is_committed_by_the_next_and_later_requests_stay_there()
    {
        await using var cluster = await EtcdCluster.StartAsync(1);
        var options = cluster.Options("/strata-failover");
        options.Endpoints.Insert(0, $"http://127.0.0.1:{FreePort.Next()}");
        using var store = new Strata.Etcd.Storage.EtcdStore(options);

        // The first request is a write: it never reached the dead member, so it is safe to send it to the next one.
        var put = new TxnRequest();
        put.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8("/strata-failover/base.yaml"), Value = ByteString.CopyFromUtf8("a: 1") } });
        var response = await store.TxnAsync(put, "write", CancellationToken.None);

        Assert.True(response.Succeeded);
        Assert.Equal(cluster.Members[0].ClientUrl, store.Connection.CurrentEndpoint);
        var read = await store.ReadConfigAsync(CancellationToken.None);
        Assert.True(read.TryGetFile("base.yaml", out _));
        Assert.Equal(cluster.Members[0].ClientUrl, store.Connection.CurrentEndpoint);
    }

    [Fact]
    public async Task Cancelling_a_request_while_it_waits_to_try_the_next_member_stops_it()
    {
        var clock = new RecordingTimeProvider(fire: false);
        using var store = new Strata.Etcd.Storage.EtcdStore(DeadMembers(2, clock));
        using var cancel = new CancellationTokenSource();

        var request = store.ReadCurrentReleaseAsync(cancel.Token);
        await clock.FirstDelay.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(request.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    [Fact]
    public void A_refused_connection_was_never_sent_but_a_broken_one_may_have_been()
    {
        var refused = Wrap(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        var broken = Wrap(new HttpRequestException(HttpRequestError.Unknown, "error", new IOException("reset")));
        var denied = new EtcdException("denied", new RpcException(new Status(StatusCode.PermissionDenied, "permission denied")));
        var noLeader = new EtcdException("no leader", new RpcException(new Status(StatusCode.Unavailable, "etcdserver: no leader")));

        Assert.True(EtcdFailover.MemberFailed(refused));
        Assert.True(EtcdFailover.NeverSent(refused));
        Assert.True(EtcdFailover.MemberFailed(broken));
        Assert.False(EtcdFailover.NeverSent(broken));
        Assert.True(EtcdFailover.MemberFailed(noLeader));
        Assert.False(EtcdFailover.NeverSent(noLeader));
        Assert.False(EtcdFailover.MemberFailed(denied));
    }

    [Fact]
    public void The_backoff_is_capped_at_the_maximum_delay()
    {
        var options = new EtcdOptions { ReconnectMinDelay = TimeSpan.FromMilliseconds(200), ReconnectMaxDelay = TimeSpan.FromSeconds(2) };
        for (var failures = 0; failures < 40; failures++)
        {
            Assert.InRange(EtcdFailover.Backoff(options, failures), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        }
    }

    private static EtcdException Wrap(Exception transport) =>
        new("cannot read", new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call.", transport)));

    /// <summary>Endpoints on loopback ports nobody listens on: every connection is refused.</summary>
    private static EtcdOptions DeadMembers(int count, TimeProvider clock)
    {
        var options = new EtcdOptions { Prefix = "/strata-failover", TimeProvider = clock };
        for (var i = 0; i < count; i++)
        {
            options.Endpoints.Add($"http://127.0.0.1:{FreePort.Next()}");
        }

        return options;
    }

    /// <summary>Records each delay asked of it; fires it at once, or never.</summary>
    private sealed class RecordingTimeProvider(bool fire) : TimeProvider
    {
        private readonly List<TimeSpan> _delays = [];
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<TimeSpan> Delays
        {
            get
            {
                lock (_delays)
                {
                    return [.. _delays];
                }
            }
        }

        public Task FirstDelay => _first.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_delays)
            {
                _delays.Add(dueTime);
            }

            _first.TrySetResult();
            return fire ? System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan) : new NeverTimer();
        }

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
