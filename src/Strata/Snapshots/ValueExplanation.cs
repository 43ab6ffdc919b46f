using Strata.Model;

namespace Strata.Snapshots;

/// <summary>Why a key has its value: the winning definition and the ones it overrides.</summary>
/// <param name="Path">The key.</param>
/// <param name="Value">The effective value.</param>
/// <param name="Winner">Where the effective value was defined.</param>
/// <param name="Overridden">The lower definitions it overrides, highest precedence first.</param>
public sealed record ValueExplanation(ConfigPath Path, ConfigNode Value, Origin Winner, IReadOnlyList<LayerValue> Overridden);
