using Strata.Model;

namespace Strata.Migration;

/// <summary>
/// The migrate stage of the pipeline: brings one parsed layer up to the latest configuration version
/// before it is merged, so a layer still at an old version works on top of a newer base.
/// </summary>
public interface IConfigLayerMigrator
{
    /// <summary>Migrates one layer. Never throws for user errors: they come back in <see cref="LayerMigrationResult.Errors"/>.</summary>
    /// <param name="layer">The parsed layer.</param>
    /// <param name="source">The layer's file, relative to the config directory.</param>
    LayerMigrationResult Migrate(ConfigMap layer, string source);
}
