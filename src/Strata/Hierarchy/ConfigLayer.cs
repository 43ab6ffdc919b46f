using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>One layer of a stack: its kind, where it came from, and its tree.</summary>
/// <param name="Kind">The layer kind, which fixes its precedence.</param>
/// <param name="Source">The file (relative to the config directory) or other source name.</param>
/// <param name="Root">The layer's tree.</param>
internal sealed record ConfigLayer(LayerKind Kind, string Source, ConfigMap Root);
