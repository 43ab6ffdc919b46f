using Strata.Model;

namespace Strata.Migration;

/// <summary>
/// Recognises a configuration without a version key as being at <see cref="Version"/>: every path in
/// <see cref="Present"/> exists and none in <see cref="Absent"/> does. Declared in a migration script as
/// <c>detect: {present: [...], absent: [...]}</c> for the script's <c>from_version</c>, or as <c>detect_target</c>
/// for its <c>to_version</c>. A rule needs at least
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

    /// <summary>The <see cref="Present"/> paths the configuration lacks.</summary>
    internal IReadOnlyList<ConfigPath> Missing(ConfigNode config) => [.. Present.Where(p => !ConfigTree.TryGet(config, p, out _))];

    /// <summary>The <see cref="Absent"/> paths the configuration has.</summary>
    internal IReadOnlyList<ConfigPath> Unexpected(ConfigNode config) => [.. Absent.Where(p => ConfigTree.TryGet(config, p, out _))];

    /// <summary>Why the configuration does not match, e.g. <c>lacks redis; has display</c>; null when it matches.</summary>
    internal string? Mismatch(ConfigNode config)
    {
        var missing = Missing(config);
        var unexpected = Unexpected(config);
        var reasons = new List<string>();
        if (missing.Count > 0)
        {
            reasons.Add("lacks " + string.Join(", ", missing));
        }

        if (unexpected.Count > 0)
        {
            reasons.Add("has " + string.Join(", ", unexpected));
        }

        return reasons.Count == 0 ? (Present.Count == 0 ? "the rule lists no present path" : null) : string.Join("; ", reasons);
    }

    /// <summary>Where the rule is written, for messages.</summary>
    public string Location => Origin?.ToString() ?? "code";
}
