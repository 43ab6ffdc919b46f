using System.Threading.Channels;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Strata.Etcd.Connection;
using Strata.Etcd.Storage;

namespace Strata.Etcd.Instances;

/// <summary>
/// Keeps one instance record in etcd: grants a lease of <see cref="EtcdOptions.InstanceTtl"/>, writes the record bound
/// to it, renews the lease every third of its TTL and rewrites the record whenever it changes. When etcd is lost the
/// record is left to expire; once etcd answers again a new lease is granted and the latest record written (a member
/// that failed is left for the next one, with the same backoff as every other etcd client of Strata). Disposing revokes the lease, which
/// removes the record at once.
/// </summary>
internal sealed class InstanceRegistration : IAsyncDisposable
{
    private readonly EtcdOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private string? _value;
    private Task? _loop;
    private bool _disposed;
    private long _registrations;
    private long _leaseId;
    private string? _lastError;

    public InstanceRegistration(EtcdOptions options, string id)
    {
        _options = options;
        _time = options.TimeProvider;
        Key = new EtcdKeyLayout(options.Prefix).InstanceKey(id);
    }

    /// <summary>The key the record lives at.</summary>
    public string Key { get; }

    /// <summary>How many leases were granted (1 after the first registration, one more per re-registration).</summary>
    public long Registrations => Interlocked.Read(ref _registrations);

    /// <summary>The lease of the current or latest registration; 0 after a failure until the next lease is granted.</summary>
    public long LeaseId => Interlocked.Read(ref _leaseId);

    /// <summary>The last failure talking to etcd, as one line.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    private TimeSpan Ttl => _options.InstanceTtl;

    /// <summary>Sets the record to write (JSON); starts registering on the first call.</summary>
    public void Update(string value)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _value, value);
            _loop ??= Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        _changed.Writer.TryWrite(true);
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        using var connection = new EtcdConnection(_options);
        while (!stop.IsCancellationRequested)
        {
            var member = connection.Pick();
            try
            {
                await RunSessionAsync(member.Client, () => failures = 0, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the instance keeps serving and registers again once etcd answers, trying the
                // next member first.
                if (!connection.RenewTokenAfter(ex) && EtcdFailover.MemberFailed(ex))
                {
                    connection.Failed(member);
                }

                Interlocked.Exchange(ref _leaseId, 0);
                Volatile.Write(ref _lastError, ex.Message.ReplaceLineEndings(" "));
            }

            try
            {
                await Task.Delay(EtcdFailover.Backoff(_options, failures++), _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One lease: grant, write, then renew and rewrite until something fails or the registration stops.</summary>
    private async Task RunSessionAsync(EtcdClient client, Action onRegistered, CancellationToken stop)
    {
        var grant = await EtcdErrors.Run(_options, "grant the instance lease", () => client.LeaseGrantAsync(new LeaseGrantRequest { TTL = (long)Ttl.TotalSeconds }, deadline: Deadline(), cancellationToken: stop), stop).ConfigureAwait(false);
        var lease = grant.ID;
        Interlocked.Exchange(ref _leaseId, lease);
        Interlocked.Increment(ref _registrations);
        try
        {
            var written = await PutAsync(client, lease, stop).ConfigureAwait(false);
            onRegistered();

            using var keepAlive = client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: stop);
            var renewEvery = Ttl / 3;
            var nextRenewal = _time.GetUtcNow() + renewEvery;
            while (true)
            {
                var wait = nextRenewal - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var timer = new CancellationTokenSource(wait, _time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timer.Token);
                    try
                    {
                        await _changed.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
                        _changed.Reader.TryRead(out _);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        // Time to renew the lease.
                    }
                }

                stop.ThrowIfCancellationRequested();
                if (!ReferenceEquals(Volatile.Read(ref _value), written))
                {
                    written = await PutAsync(client, lease, stop).ConfigureAwait(false);
                }

                if (_time.GetUtcNow() >= nextRenewal)
                {
                    await RenewAsync(keepAlive, lease, stop).ConfigureAwait(false);
                    nextRenewal = _time.GetUtcNow() + renewEvery;
                }
            }
        }
        finally
        {
            if (stop.IsCancellationRequested)
            {
                await RevokeQuietlyAsync(client, lease).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> PutAsync(EtcdClient client, long lease, CancellationToken stop)
    {
        var value = Volatile.Read(ref _value)!;
        var request = new PutRequest { Key = ByteString.CopyFromUtf8(Key), Value = ByteString.CopyFromUtf8(value), Lease = lease };
        await EtcdErrors.Run(_options, "write the instance record " + Key, () => client.PutAsync(request, deadline: Deadline(), cancellationToken: stop), stop).ConfigureAwait(false);
        return value;
    }

    private async Task RenewAsync(Grpc.Core.AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> keepAlive, long lease, CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        await keepAlive.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, linked.Token).ConfigureAwait(false);
        if (!await keepAlive.ResponseStream.MoveNext(linked.Token).ConfigureAwait(false))
        {
            throw new EtcdException("etcd closed the lease keep-alive stream");
        }

        if (keepAlive.ResponseStream.Current.TTL <= 0)
        {
            throw new EtcdException($"the instance lease {lease} expired; registering again");
        }
    }

    private static async Task RevokeQuietlyAsync(EtcdClient client, long lease)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The process is stopping: when etcd cannot be told, the record expires with its lease instead.
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + _options.RequestTimeout;
}
