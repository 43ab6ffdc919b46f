using Strata.Model;
using Strata.Snapshots;
using Strata.Validation;

namespace Strata.Compare.Faults;

/// <summary>
/// The schema check of the fault scenario on the Strata side: a small explicit validator plugged into
/// <c>EnvironmentConfigOptions.Validator</c> (the pipeline's validate stage). It stands in for the
/// rule-schema validator of the validation work, which is not part of this harness. M.E.C. has no
/// equivalent on the <c>IConfiguration</c> read path, so the invalid value goes live there.
/// </summary>
internal sealed class ServiceSchemaValidator : IConfigSnapshotValidator
{
    public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot)
    {
        var errors = new List<ConfigurationError>();
        Range(snapshot, "service.port", 1, 65_535, errors);
        Range(snapshot, "service.timeout_ms", 1, 60_000, errors);
        return errors;
    }

    private static void Range(ConfigSnapshot snapshot, string key, long min, long max, List<ConfigurationError> errors)
    {
        if (!snapshot.TryGetNode(key, out var node))
        {
            errors.Add(new ConfigurationError(string.Empty, 0, 0, key, "is required"));
        }
        else if (node is not ConfigScalar { ScalarKind: ScalarKind.Int } s || s.IntValue < min || s.IntValue > max)
        {
            errors.Add(ConfigurationError.At(node.Origin, key, $"must be an integer from {min} to {max}, found {node}"));
        }
    }
}
