using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation;

/// <summary>
/// The validate stage of the pipeline: checks an effective configuration before it can be published.
/// Any error (not warning) keeps the snapshot from going live.
/// </summary>
public interface IConfigSnapshotValidator
{
    /// <summary>Returns every problem found (errors and warnings), each at the origin of the offending value.</summary>
    /// <param name="snapshot">The candidate snapshot; not yet published.</param>
    IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot);
}
