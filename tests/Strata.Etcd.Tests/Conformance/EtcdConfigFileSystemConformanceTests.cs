using Strata.Etcd.Reading;
using Strata.Etcd.Storage;
using Strata.Etcd.Tests.Infrastructure;
using Strata.Sources;
using Strata.Testing.Conformance;

namespace Strata.Etcd.Tests.Conformance;

/// <summary>
/// The etcd view keeps the <see cref="IConfigFileSystem"/> contract against a real etcd: each change is put into etcd
/// and the prefix read again at its new revision, as the watcher does.
/// </summary>
public sealed class EtcdConfigFileSystemConformanceTests(SingleNodeFixture etcd) : ConfigFileSystemConformanceTests, IClassFixture<SingleNodeFixture>
{
    private readonly string _prefix = "/strata-conformance/" + Guid.NewGuid().ToString("N")[..8];
    private EtcdStore? _store;
    private RawEtcd? _raw;
    private EtcdConfigFileSystem? _fs;

    protected override IConfigFileSystem FileSystem => _fs ?? throw new InvalidOperationException("not initialized");

    protected override string Root => EtcdConfigFileSystem.VirtualRoot(_prefix);

    public override async Task InitializeAsync()
    {
        _store = new EtcdStore(etcd.Options(_prefix));
        _raw = new RawEtcd(etcd.Endpoints);
        _fs = new EtcdConfigFileSystem(await _store.ReadConfigAsync(CancellationToken.None));
    }

    protected override async Task WriteAsync(string relativePath, string content)
    {
        await _raw!.PutAsync(_prefix + "/" + relativePath, content);
        _fs!.Replace(await _store!.ReadConfigAsync(CancellationToken.None));
    }

    protected override async Task DeleteAsync(string relativePath)
    {
        await _raw!.DeleteAsync(_prefix + "/" + relativePath);
        _fs!.Replace(await _store!.ReadConfigAsync(CancellationToken.None));
    }

    public override Task DisposeAsync()
    {
        _raw?.Dispose();
        _store?.Dispose();
        return Task.CompletedTask;
    }
}
