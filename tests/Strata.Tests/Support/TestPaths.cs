using Strata.Testing;

namespace Strata.Tests;

/// <summary>Locations of the repository's sample configuration.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot => TempDirectory.RepositoryRoot;

    public static string SampleConfig => TempDirectory.SampleConfig;
}

/// <summary>A temporary config directory, deleted on dispose.</summary>
internal sealed class TempConfigDir() : TempDirectory("strata-test-")
{
    public static TempConfigDir CopyOf(string source)
    {
        var dir = new TempConfigDir();
        CopyTree(source, dir.Path);
        return dir;
    }
}
