using Strata.Testing;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>A temporary config directory, deleted on dispose.</summary>
internal sealed class TempDir() : TempDirectory("strata-etcd-test-")
{
    public static TempDir CopyOf(string source)
    {
        var dir = new TempDir();
        CopyTree(source, dir.Path);
        return dir;
    }
}
