using Strata.Model;

namespace Strata.Snapshots;

/// <summary>One changed leaf (a scalar or a whole sequence) between two configurations.</summary>
/// <param name="Path">The leaf's path, e.g. <c>redis.port</c> or <c>tags</c>.</param>
/// <param name="Kind">Added, removed or modified.</param>
/// <param name="OldValue">The value before; null when added.</param>
/// <param name="NewValue">The value after; null when removed.</param>
public sealed record ConfigChange(ConfigPath Path, ChangeKind Kind, ConfigNode? OldValue, ConfigNode? NewValue);
