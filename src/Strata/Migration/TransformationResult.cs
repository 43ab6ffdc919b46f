using Strata.Model;

namespace Strata.Migration;

/// <summary>The outcome of applying one <see cref="MigrationTransformation"/> to one configuration.</summary>
/// <param name="Config">The configuration afterwards (the input itself unless <see cref="Status"/> is <see cref="OperationStatus.Applied"/>).</param>
/// <param name="Status">Applied, skipped or failed.</param>
/// <param name="Reason">Why it was skipped or failed; null when applied.</param>
/// <param name="Location">For a failure, the value in the configuration that caused it, when known.</param>
internal sealed record TransformationResult(ConfigMap Config, OperationStatus Status, string? Reason, Origin? Location = null)
{
    internal IReadOnlyList<PathRewrite> Rewrites { get; init; } = [];

    internal static TransformationResult Applied(ConfigMap config, params PathRewrite[] rewrites) =>
        new(config, OperationStatus.Applied, null) { Rewrites = rewrites };

    internal static TransformationResult Skipped(ConfigMap config, string reason) => new(config, OperationStatus.Skipped, reason);

    internal static TransformationResult Failed(ConfigMap config, string reason, Origin? at) => new(config, OperationStatus.Failed, reason, at);
}
