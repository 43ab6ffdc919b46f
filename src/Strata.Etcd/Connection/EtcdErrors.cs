using Grpc.Core;

namespace Strata.Etcd.Connection;

/// <summary>Turns gRPC failures into one-line <see cref="EtcdException"/> messages.</summary>
internal static class EtcdErrors
{
    public static async Task<T> Run<T>(EtcdOptions options, string action, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The request's deadline passed (the client reports it as a cancellation).
            throw new EtcdException($"cannot {action}: etcd at {Describe(options)} did not answer within {options.RequestTimeout.TotalSeconds:0.###} s", ex);
        }
        catch (RpcException ex)
        {
            throw Translate(options, action, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new EtcdException($"cannot {action}: etcd at {Describe(options)} is unreachable: {ex.Message}", ex);
        }
    }

    public static EtcdException Translate(EtcdOptions options, string action, RpcException ex) => ex.StatusCode switch
    {
        StatusCode.DeadlineExceeded =>
            new EtcdException($"cannot {action}: etcd at {Describe(options)} did not answer within {options.RequestTimeout.TotalSeconds:0.###} s", ex),
        StatusCode.Unavailable =>
            new EtcdException($"cannot {action}: etcd at {Describe(options)} is unreachable ({Detail(ex)})", ex),
        _ when ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied || IsAuthFailure(Detail(ex)) =>
            new EtcdException($"cannot {action}: etcd refused the request ({Detail(ex)}); check the user, password and the role's permissions on {options.Prefix}", ex),
        StatusCode.InvalidArgument when Detail(ex).Contains("too many operations", StringComparison.OrdinalIgnoreCase) =>
            new EtcdException($"cannot {action}: the transaction has more operations than etcd allows (--max-txn-ops, 128 by default); publish fewer changed files at once or raise the limit", ex),
        StatusCode.InvalidArgument or StatusCode.ResourceExhausted when Detail(ex).Contains("too large", StringComparison.OrdinalIgnoreCase) =>
            new EtcdException($"cannot {action}: the transaction is larger than etcd accepts (--max-request-bytes, 1.5 MiB by default)", ex),
        _ => new EtcdException($"cannot {action}: etcd answered {ex.StatusCode}: {Detail(ex)}", ex),
    };

    private static bool IsAuthFailure(string detail) =>
        detail.Contains("authentication failed", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("permission denied", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("auth token", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("user name is empty", StringComparison.OrdinalIgnoreCase);

    public static string Describe(EtcdOptions options) => string.Join(",", options.Endpoints);

    private static string Detail(RpcException ex) =>
        string.IsNullOrWhiteSpace(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail.ReplaceLineEndings(" ");
}
