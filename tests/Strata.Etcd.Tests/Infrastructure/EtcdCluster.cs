using dotnet_etcd;
using Etcdserverpb;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>
/// One or three etcd members on loopback ports with temporary data directories, started by the test and
/// killed (and their data removed) on dispose.
/// </summary>
internal sealed class EtcdCluster : IAsyncDisposable, IDisposable
{
    private readonly string _root;
    private readonly string _initialCluster;
    private readonly string _token;

    private EtcdCluster(int size, string? tlsCert, string? tlsKey)
    {
        _root = Path.Combine(Path.GetTempPath(), "strata-etcd-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_root);
        _token = "strata-test-" + Guid.NewGuid().ToString("N")[..8];
        Members = [.. Enumerable.Range(1, size).Select(i => new EtcdMember("m" + i, Path.Combine(_root, "m" + i), tlsCert, tlsKey))];
        _initialCluster = string.Join(",", Members.Select(m => $"{m.Name}={m.PeerUrl}"));
    }

    public IReadOnlyList<EtcdMember> Members { get; }

    public string Endpoints => string.Join(",", Members.Select(m => m.ClientUrl));

    public static async Task<EtcdCluster> StartAsync(int size = 1, string? tlsCert = null, string? tlsKey = null)
    {
        if (!File.Exists(EtcdMember.Binary))
        {
            throw new InvalidOperationException($"{EtcdMember.Binary} is missing; ./test.sh installs the etcd-server package");
        }

        var cluster = new EtcdCluster(size, tlsCert, tlsKey);
        try
        {
            foreach (var member in cluster.Members)
            {
                member.Start(cluster._initialCluster, cluster._token);
            }

            await Task.WhenAll(cluster.Members.Select(m => m.WaitReadyAsync()));
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public EtcdOptions Options(string prefix, params EtcdMember[] only)
    {
        var options = new EtcdOptions { Prefix = prefix };
        foreach (var member in only.Length > 0 ? only : Members)
        {
            options.Endpoints.Add(member.ClientUrl);
        }

        return options;
    }

    /// <summary>Starts a killed member again with its data directory (it rejoins the cluster).</summary>
    public async Task RestartAsync(EtcdMember member)
    {
        member.Start(_initialCluster, _token);
        await member.WaitReadyAsync();
    }

    /// <summary>The member that is the raft leader now.</summary>
    public async Task<EtcdMember> FindLeaderAsync()
    {
        foreach (var member in Members.Where(m => m.IsRunning))
        {
            using var client = new EtcdClient(member.ClientUrl, configureChannelOptions: o => o.Credentials = Grpc.Core.ChannelCredentials.Insecure);
            var status = await client.StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            if (status.Leader == status.Header.MemberId)
            {
                return member;
            }
        }

        throw new InvalidOperationException("no running member is the leader");
    }

    public void Dispose()
    {
        foreach (var member in Members)
        {
            member.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
