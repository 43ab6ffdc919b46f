using Strata.Snapshots;

namespace Strata.Extensions.Configuration;

/// <summary>
/// Gives services the published Strata snapshot: typed reads (<c>Get&lt;int&gt;("redis.port")</c>), origins
/// (<c>Explain</c>), version and content hash. Reading takes no lock; hold on to one snapshot for a consistent view
/// across several reads.
/// </summary>
public interface IConfigSnapshotAccessor
{
    /// <summary>The snapshot published most recently; loads the configuration first if nothing has yet.</summary>
    ConfigSnapshot Current { get; }
}
