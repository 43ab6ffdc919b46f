using Strata.Sources;

namespace Strata.Migration;

/// <summary>Settings of a <see cref="MigrationTool"/>.</summary>
public sealed class MigrationToolOptions
{
    /// <summary>The file seam; the real file system by default.</summary>
    public IMigrationFileStore FileStore { get; set; } = PhysicalConfigFileSystem.Instance;

    /// <summary>Bounds on every file read.</summary>
    public ParserLimits Limits { get; set; } = ParserLimits.Default;
}
