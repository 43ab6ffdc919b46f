using Strata.Model;

namespace Strata.Migration;

/// <summary>The version of one configuration, and how it was found.</summary>
/// <param name="Version">The version; null when <see cref="Method"/> is <see cref="VersionDetectionMethod.Undetermined"/> or detection failed.</param>
/// <param name="Method">How the version was found.</param>
/// <param name="Key">The version key read (<c>config_version</c> or <c>version</c>) for an explicit version.</param>
/// <param name="Origin">Where the version was read: the key's value, or the rule's location in its script.</param>
/// <param name="Rule">The rule that matched, for <see cref="VersionDetectionMethod.Rule"/>.</param>
/// <param name="Error">Why the version could not be determined (a version key that is not a scalar, rules that disagree).</param>
public sealed record VersionDetection(string? Version, VersionDetectionMethod Method, string? Key = null, Origin? Origin = null, VersionDetectionRule? Rule = null, string? Error = null)
{
    /// <summary>A short phrase for reports: <c>config_version</c>, <c>detected by migrations/x.yaml:4:3</c>, ...</summary>
    public string Description => Method switch
    {
        VersionDetectionMethod.ExplicitKey => Key!,
        VersionDetectionMethod.Rule => "detected by the rule at " + Rule!.Location,
        VersionDetectionMethod.Default => "the default version",
        VersionDetectionMethod.Stated => "stated for files without a version key",
        _ => "no version key and no detection rule matched",
    };
}
