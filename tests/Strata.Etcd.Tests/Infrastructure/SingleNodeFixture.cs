namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>One etcd member shared by the tests of a class; each test uses its own prefix.</summary>
public sealed class SingleNodeFixture : IAsyncLifetime
{
    private EtcdCluster? _cluster;

    internal EtcdCluster Cluster => _cluster ?? throw new InvalidOperationException("etcd is not started");

    public EtcdOptions Options(string prefix) => Cluster.Options(prefix);

    public string Endpoints => Cluster.Endpoints;

    public async Task InitializeAsync() => _cluster = await EtcdCluster.StartAsync(1);

    public Task DisposeAsync()
    {
        _cluster?.Dispose();
        return Task.CompletedTask;
    }
}
