using Strata.Model;

namespace Strata.Migration;

/// <summary>The outcome of migrating one layer.</summary>
/// <param name="Layer">The migrated layer (the input itself when nothing applied).</param>
/// <param name="FromVersion">The version detected before migrating, if any.</param>
/// <param name="ToVersion">The version after migrating, if any.</param>
/// <param name="Applied">One line per migration step applied, e.g. <c>1.0 -&gt; 1.1: agent parameters per type</c>.</param>
/// <param name="Errors">Problems that stop this layer from being used.</param>
public sealed record LayerMigrationResult(ConfigMap Layer, string? FromVersion, string? ToVersion, IReadOnlyList<string> Applied, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>A result for a layer that needed nothing.</summary>
    /// <param name="layer">The layer.</param>
    public static LayerMigrationResult Unchanged(ConfigMap layer) => new(layer, null, null, [], []);
}
