using Strata.Model;

namespace Strata.Migration;

/// <summary>
/// Recognises a configuration without a version key as being at <see cref="Version"/>: every path in
/// <see cref="Present"/> exists and none in <see cref="Absent"/> does. Declared in a migration script as
/// <c>detect: {present: [...], absent: [...]}</c> for the script's <c>from_version</c>. A rule needs at least
/// one present path, so it can never match an empty or unrelated file.
/// </summary>
/// <param name="Version">The version the rule identifies.</param>
/// <param name="Present">Paths that must all exist.</param>
/// <param name="Absent">Paths that must all be absent.</param>
/// <param name="Origin">Where the rule is written, when it came from a script.</param>
public sealed record VersionDetectionRule(string Version, IReadOnlyList<ConfigPath> Present, IReadOnlyList<ConfigPath> Absent, Origin? Origin = null)
{
    /// <summary>True when the configuration matches the rule.</summary>
    /// <param name="config">The configuration.</param>
    public bool Matches(ConfigNode config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Present.Count > 0
            && Present.All(p => ConfigTree.TryGet(config, p, out _))
            && !Absent.Any(p => ConfigTree.TryGet(config, p, out _));
    }

    /// <summary>Where the rule is written, for messages.</summary>
    public string Location => Origin?.ToString() ?? "code";
}
