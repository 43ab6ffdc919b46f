using dotnet_etcd;
using Grpc.Core;

namespace Strata.Etcd.Connection;

/// <summary>
/// The connection to an etcd cluster that every long-lived Strata client shares (publisher, watcher, anything that
/// keeps a store open): one dotnet-etcd client per member endpoint, and the member in use now. Requests go to that
/// member; when it fails (unreachable, connection lost, no leader, no answer in time) the connection moves to the
/// next endpoint in the configured order and stays there, and a request that can safely be sent again is, after a
/// jittered exponential backoff, up to a bounded number of attempts.
/// </summary>
/// <remarks>
/// A single dotnet-etcd client given every endpoint puts them all behind one gRPC channel with a round-robin load
/// balancer. That balancer only learns that a member died when its idle socket check fails or its last HTTP/2
/// stream closes; a connection refused while a request opens a new connection fails the request without changing
/// the member's state, so a long-lived client can keep picking a dead member while a new client would skip it.
/// One client per member lets a failure name its member, and moving on is this class's decision.
/// </remarks>
internal sealed class EtcdConnection : IDisposable
{
    /// <summary>Attempts per request at least, whatever the number of endpoints (each endpoint is tried twice otherwise).</summary>
    private const int MinAttempts = 6;

    private readonly EtcdOptions _options;
    private readonly List<string> _endpoints;
    private readonly EtcdClient?[] _clients;
    private readonly Lock _gate = new();
    private int _current;
    private bool _disposed;

    public EtcdConnection(EtcdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _endpoints = EtcdClientFactory.Endpoints(options);
        _clients = new EtcdClient?[_endpoints.Count];
    }

    /// <summary>The member endpoints, normalized, in the configured order.</summary>
    public IReadOnlyList<string> Endpoints => _endpoints;

    /// <summary>The endpoint requests go to now.</summary>
    public string CurrentEndpoint
    {
        get
        {
            lock (_gate)
            {
                return _endpoints[_current];
            }
        }
    }

    /// <summary>How many attempts a request that can be sent again gets before its failure is reported.</summary>
    public int MaxAttempts => Math.Max(MinAttempts, 2 * _endpoints.Count);

    /// <summary>The member in use now and its client (created on first use).</summary>
    public EtcdMemberClient Pick()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var index = _current;
            var client = _clients[index] ??= EtcdClientFactory.Create(_options, _endpoints[index]);
            return new EtcdMemberClient(index, _endpoints[index], client);
        }
    }

    /// <summary>
    /// Stops using a member that failed: later requests go to the next endpoint in order. Does nothing when the
    /// connection already moved away from it (another request saw the failure first).
    /// </summary>
    public void Failed(EtcdMemberClient member)
    {
        lock (_gate)
        {
            if (_current == member.Index)
            {
                _current = (member.Index + 1) % _endpoints.Count;
            }
        }
    }

    /// <summary>
    /// Sends a request to the member in use, moving to the next member when that one fails. The request is sent again
    /// (after a backoff) when it is idempotent or certainly never reached etcd; a write whose outcome is unknown is
    /// reported, so the caller can check what happened, and the caller's next request goes to another member.
    /// </summary>
    /// <param name="action">What the request does, for the error message ("read /prefix").</param>
    /// <param name="idempotent">True when sending the request twice is harmless (reads, lease keep-alives).</param>
    /// <param name="call">Sends the request with the given client.</param>
    /// <param name="cancellationToken">Cancels the request and the waits between attempts.</param>
    public async Task<T> CallAsync<T>(string action, bool idempotent, Func<EtcdClient, Task<T>> call, CancellationToken cancellationToken)
    {
        var renewed = false;
        for (var attempt = 1; ; attempt++)
        {
            var member = Pick();
            try
            {
                return await EtcdErrors.Run(_options, action, () => call(member.Client), cancellationToken).ConfigureAwait(false);
            }
            catch (EtcdException ex) when (!renewed && RenewTokenAfter(ex))
            {
                // A rejected token was never acted on: sign in again and send once more, without counting an attempt.
                renewed = true;
                attempt--;
            }
            catch (EtcdException ex) when (EtcdFailover.MemberFailed(ex))
            {
                Failed(member);
                if (attempt >= MaxAttempts || !(idempotent || EtcdFailover.NeverSent(ex)))
                {
                    throw;
                }

                await Task.Delay(EtcdFailover.Backoff(_options, attempt - 1), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Forgets the cached authentication tokens when etcd no longer accepts them (tokens do not survive an etcd
    /// restart), so the next request signs in again. Returns true when it did.
    /// </summary>
    public bool RenewTokenAfter(Exception failure)
    {
        var text = failure is RpcException rpc ? rpc.Status.Detail : failure.InnerException is RpcException inner ? inner.Status.Detail : failure.Message;
        if (_options.Username is not { Length: > 0 } user || text is null
            || !(text.Contains("invalid auth token", StringComparison.OrdinalIgnoreCase) || text.Contains("auth store is old", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client?.SetCredentials(user, _options.Password!, _options.TokenLifetime);
            }
        }

        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var client in _clients)
            {
                client?.Dispose();
            }
        }
    }
}
