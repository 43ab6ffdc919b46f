using System.Text;
using Strata.Sources;
using Strata.Testing;
using Strata.Testing.Conformance;

namespace Strata.Tests.Conformance;

/// <summary>The real file system keeps the <see cref="IConfigFileSystem"/> contract, on a temporary directory.</summary>
public sealed class PhysicalConfigFileSystemConformanceTests : ConfigFileSystemConformanceTests
{
    private readonly TempDirectory _dir = new("strata-conformance-");

    protected override IConfigFileSystem FileSystem => PhysicalConfigFileSystem.Instance;

    protected override string Root => _dir.Path;

    protected override Task WriteAsync(string relativePath, string content)
    {
        var full = Full(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, Encoding.UTF8.GetBytes(content));
        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(string relativePath)
    {
        File.Delete(Full(relativePath));
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
