using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>A file that forms (or would form) one layer.</summary>
/// <param name="Kind">Its layer.</param>
/// <param name="RelativePath">Its path relative to the config directory, with <c>/</c> separators.</param>
/// <param name="FullPath">Its full path.</param>
/// <param name="Required">Whether its absence is an error.</param>
/// <param name="Found">Whether the listing that named it saw it there.</param>
internal sealed record LayerFile(LayerKind Kind, string RelativePath, string FullPath, bool Required, bool Found = true)
{
    /// <summary>The error reported when a required file is missing.</summary>
    public string MissingMessage => Kind switch
    {
        LayerKind.Global => "the global layer is missing (base.yaml, base.yml or base.json is required)",
        LayerKind.Environment => "the environment file is missing",
        _ => "the agent file is missing",
    };
}
