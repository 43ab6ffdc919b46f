using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using Grpc.Core;

namespace Strata.Etcd.Connection;

/// <summary>Tells which failures another member could avoid, and how long to wait before trying it.</summary>
internal static class EtcdFailover
{
    /// <summary>
    /// True when the member did not serve the request: it could not be reached, lost its connection, has no leader,
    /// or did not answer in time. Another member may serve it.
    /// </summary>
    public static bool MemberFailed(Exception failure)
    {
        foreach (var cause in Causes(failure))
        {
            switch (cause)
            {
                case RpcException rpc when rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded:
                case HttpRequestException or IOException or SocketException or TimeoutException:
                    return true;
                case RpcException:
                    return false;
            }
        }

        // The client reports its own request deadline as a cancellation (the caller's cancellation is not a failure).
        return failure is EtcdException { InnerException: OperationCanceledException };
    }

    /// <summary>
    /// True when the request certainly never reached etcd: no connection to the member could be made. Such a request,
    /// even a transaction that writes, can be sent to another member without being applied twice.
    /// </summary>
    public static bool NeverSent(Exception failure)
    {
        foreach (var cause in Causes(failure))
        {
            switch (cause)
            {
                case HttpRequestException http:
                    return http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
                case IOException:
                    // A connection that broke while the request was on it: etcd may have applied it.
                    return false;
                case SocketException socket:
                    // Raised while connecting, before any request was written.
                    return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                        or SocketError.HostNotFound or SocketError.TimedOut or SocketError.AddressNotAvailable;
                case TimeoutException:
                    // The connect timeout passed before a connection was made.
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The wait before the next attempt after <paramref name="failures"/> failed ones: exponential from
    /// <see cref="EtcdOptions.ReconnectMinDelay"/>, capped at <see cref="EtcdOptions.ReconnectMaxDelay"/>, and jittered
    /// (50-100 % of that) so a fleet that lost the same member does not come back in lock step.
    /// </summary>
    public static TimeSpan Backoff(EtcdOptions options, int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures, 0, 16));
        var cap = Math.Min(options.ReconnectMinDelay.TotalMilliseconds * factor, options.ReconnectMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(cap * (0.5 + (RandomNumberGenerator.GetInt32(0, 501) / 1000.0)));
    }

    /// <summary>The failure, its inner exceptions and the transport errors gRPC keeps beside its status, outermost first.</summary>
    private static IEnumerable<Exception> Causes(Exception failure)
    {
        var seen = 0;
        for (Exception? cause = failure; cause is not null && seen < 16; seen++)
        {
            yield return cause;
            cause = cause is RpcException rpc ? rpc.Status.DebugException ?? rpc.InnerException : cause.InnerException;
        }
    }
}
