using Strata.Model;
using Strata.Snapshots;

namespace Strata.Reload;

/// <summary>The outcome of one reload or rollback.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Current">The published snapshot afterwards.</param>
/// <param name="Changes">Leaf changes published (empty unless published or rolled back).</param>
/// <param name="Errors">Why it failed (empty otherwise).</param>
/// <param name="Files">Files whose content changed.</param>
/// <param name="Duration">How long the run took.</param>
public sealed record ReloadOutcome(ReloadStatus Status, ConfigSnapshot Current, IReadOnlyList<ConfigChange> Changes, IReadOnlyList<ConfigurationError> Errors, IReadOnlyList<string> Files, TimeSpan Duration);
