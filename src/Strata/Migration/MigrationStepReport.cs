using Strata.Model;

namespace Strata.Migration;

/// <summary>One migration step applied to one configuration: every transformation with what happened to it.</summary>
/// <param name="Migration">The script.</param>
/// <param name="Operations">One entry per transformation, in script order.</param>
/// <param name="Result">The configuration after the step (the input when the step failed).</param>
internal sealed record MigrationStepReport(ConfigurationMigration Migration, IReadOnlyList<OperationReport> Operations, ConfigMap Result)
{
    /// <summary>The step's source version.</summary>
    public string FromVersion => Migration.FromVersion;

    /// <summary>The step's target version.</summary>
    public string ToVersion => Migration.ToVersion;

    /// <summary>True when no transformation failed.</summary>
    public bool Succeeded => Operations.All(o => o.Status != OperationStatus.Failed);

    /// <summary>The first failure, if any.</summary>
    public OperationReport? Failure => Operations.FirstOrDefault(o => o.Status == OperationStatus.Failed);

    /// <summary>Where the failing transformation pointed in the configuration, when known.</summary>
    public Origin? FailureLocation { get; init; }

    internal IReadOnlyList<PathRewrite> Rewrites { get; init; } = [];

    /// <summary>The step in one line: <c>1.0 -&gt; 1.1: description</c>.</summary>
    public override string ToString() => Migration.Title;
}
