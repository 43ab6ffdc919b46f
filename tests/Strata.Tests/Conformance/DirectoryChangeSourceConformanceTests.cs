using Strata.Reload;
using Strata.Testing;
using Strata.Testing.Conformance;

namespace Strata.Tests.Conformance;

/// <summary>
/// The change-source contract for sources that watch a config directory on disk: a temporary directory as the store,
/// the default reload options (so editor and temporary files are filtered out), and the sources' own cases.
/// </summary>
public abstract class DirectoryChangeSourceConformanceTests : ConfigChangeSourceConformanceTests
{
    private readonly TempDirectory _dir = new("strata-conformance-");

    /// <summary>The watched directory.</summary>
    protected string Root => _dir.Path;

    /// <summary>The options every source of the test is created with.</summary>
    protected ReloadOptions Options { get; } = new();

    protected override IReadOnlyList<string> IgnoredFiles => ["base.yaml.tmp", ".base.yaml.swp", "base.yaml~", "4913", "notes.txt"];

    protected override Task WriteAsync(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(string relativePath)
    {
        File.Delete(Path.Combine(Root, relativePath));
        return Task.CompletedTask;
    }

    protected override Task CleanUpAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
