using Strata.Migration;
using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>A layer file as the pipeline last parsed (and migrated) it, keyed by its path relative to the config directory.</summary>
/// <param name="Hash">SHA-256 of the file's bytes.</param>
/// <param name="Length">The file's length in bytes.</param>
/// <param name="Kind">The layer it belongs to.</param>
/// <param name="Source">The source name its origins carry.</param>
/// <param name="Parsed">The parsed tree.</param>
/// <param name="MigratedBy">The migrator <paramref name="Migration"/> came from; null before any migration.</param>
/// <param name="Migration">The result of migrating <paramref name="Parsed"/>.</param>
internal sealed record CachedLayer(string Hash, int Length, LayerKind Kind, string Source, ConfigMap Parsed, IConfigLayerMigrator? MigratedBy, LayerMigrationResult? Migration);
