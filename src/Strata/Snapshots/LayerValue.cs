using Strata.Model;

namespace Strata.Snapshots;

/// <summary>A key's value as one layer defines it.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Source">The layer's source.</param>
/// <param name="Value">The value there.</param>
public sealed record LayerValue(LayerKind Layer, string Source, ConfigNode Value);
