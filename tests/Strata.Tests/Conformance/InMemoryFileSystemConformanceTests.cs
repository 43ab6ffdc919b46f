using Strata.Sources;
using Strata.Testing.Conformance;

namespace Strata.Tests.Conformance;

/// <summary>The in-memory file system that pipeline tests use behaves as the real one does.</summary>
public sealed class InMemoryFileSystemConformanceTests : ConfigFileSystemConformanceTests
{
    private readonly InMemoryFileSystem _fs = new();

    protected override IConfigFileSystem FileSystem => _fs;

    protected override string Root => _fs.Root;

    protected override Task WriteAsync(string relativePath, string content)
    {
        _fs.Write(relativePath, content);
        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(string relativePath)
    {
        _fs.Delete(relativePath);
        return Task.CompletedTask;
    }
}
