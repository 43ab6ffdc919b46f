using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>A summary of a loaded configuration.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Agent">The agent, if any.</param>
/// <param name="KeysPerLayer">Leaf keys defined by each layer, by source.</param>
/// <param name="TotalUniqueKeys">Leaf keys in the effective configuration.</param>
/// <param name="Layers">The layers present, lowest precedence first.</param>
internal sealed record ConfigSummary(string Environment, string? Agent, IReadOnlyList<KeyValuePair<string, int>> KeysPerLayer, int TotalUniqueKeys, IReadOnlyList<LayerKind> Layers);
