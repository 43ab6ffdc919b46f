using Strata.Etcd.Tests.Infrastructure;
using Strata.Reload.Watching;
using Strata.Testing.Conformance;

namespace Strata.Etcd.Tests.Conformance;

/// <summary>
/// The etcd watch keeps the <see cref="IConfigChangeSource"/> contract against a real etcd: files are keys under a
/// prefix of their own, and keys under <c>.strata/</c> (release records) are never reported as files.
/// </summary>
public sealed class EtcdConfigChangeSourceConformanceTests(SingleNodeFixture etcd) : ConfigChangeSourceConformanceTests, IClassFixture<SingleNodeFixture>
{
    private readonly string _prefix = "/strata-conformance/" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<EtcdConfiguration> _connections = [];
    private RawEtcd? _raw;

    protected override IReadOnlyList<string> IgnoredFiles => [".strata/note", ".strata/history/releases/x"];

    protected override Task PrepareAsync()
    {
        _raw = new RawEtcd(etcd.Endpoints);
        return Task.CompletedTask;
    }

    protected override async Task<IConfigChangeSource> CreateSourceAsync()
    {
        var connection = await EtcdConfiguration.ConnectAsync(etcd.Options(_prefix));
        _connections.Add(connection);
        return connection.ChangeSource;
    }

    protected override Task WriteAsync(string relativePath, string content) => _raw!.PutAsync(_prefix + "/" + relativePath, content);

    protected override Task DeleteAsync(string relativePath) => _raw!.DeleteAsync(_prefix + "/" + relativePath);

    protected override async Task CleanUpAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _raw?.Dispose();
    }
}
