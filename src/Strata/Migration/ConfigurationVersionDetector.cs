using Strata.Model;

namespace Strata.Migration;

/// <summary>
/// Finds a configuration's version: an explicit <c>config_version</c> key first (then <c>version</c>), then the
/// detection rules declared in the migration scripts, then a configurable default. With no default (the
/// standard), a configuration nothing identifies is <see cref="VersionDetectionMethod.Undetermined"/> and the
/// migrator takes it to be current: an environment or agent file without a version key is never migrated by surprise.
/// </summary>
public sealed class ConfigurationVersionDetector
{
    /// <summary>The key a migrated configuration carries its version in.</summary>
    public const string VersionKey = "config_version";

    /// <summary>The legacy version key, read when <see cref="VersionKey"/> is absent.</summary>
    public const string LegacyVersionKey = "version";

    /// <summary>Creates a detector.</summary>
    /// <param name="rules">Detection rules, usually from the migration scripts.</param>
    /// <param name="defaultVersion">The version of a configuration nothing else identifies; null to leave it undetermined.</param>
    public ConfigurationVersionDetector(IEnumerable<VersionDetectionRule>? rules = null, string? defaultVersion = null)
    {
        Rules = [.. rules ?? []];
        DefaultVersion = string.IsNullOrWhiteSpace(defaultVersion) ? null : defaultVersion;
    }

    /// <summary>The detection rules, in the order given.</summary>
    public IReadOnlyList<VersionDetectionRule> Rules { get; }

    /// <summary>The version of a configuration nothing else identifies; null when such a configuration stays undetermined.</summary>
    public string? DefaultVersion { get; }

    /// <summary>Returns a detector with the same rules and another default.</summary>
    /// <param name="defaultVersion">The default version, or null.</param>
    public ConfigurationVersionDetector WithDefault(string? defaultVersion) => new(Rules, defaultVersion);

    /// <summary>Reads a version key's value as text: strings as written, numbers as YAML spells them (<c>2.1</c>).</summary>
    /// <param name="node">The value.</param>
    /// <param name="version">The text, when the value is a non-empty string or a number.</param>
    public static bool TryReadVersion(ConfigNode node, out string version)
    {
        ArgumentNullException.ThrowIfNull(node);
        version = node is ConfigScalar { ScalarKind: ScalarKind.String or ScalarKind.Int or ScalarKind.Float } s ? s.AsText()!.Trim() : string.Empty;
        return version.Length > 0;
    }

    /// <summary>Determines the version of a configuration.</summary>
    /// <param name="config">The configuration.</param>
    public VersionDetection Detect(ConfigMap config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TryGetValue(VersionKey, out var explicitNode))
        {
            return TryReadVersion(explicitNode, out var v)
                ? new VersionDetection(v, VersionDetectionMethod.ExplicitKey, VersionKey, explicitNode.Origin)
                : new VersionDetection(null, VersionDetectionMethod.ExplicitKey, VersionKey, explicitNode.Origin,
                    Error: $"{VersionKey} must be a version such as \"2.1\", not {(explicitNode is ConfigScalar { ScalarKind: ScalarKind.Null } ? "empty" : TransformationOperations.Kind(explicitNode))}");
        }

        if (config.TryGetValue(LegacyVersionKey, out var legacyNode) && TryReadVersion(legacyNode, out var legacy))
        {
            return new VersionDetection(legacy, VersionDetectionMethod.ExplicitKey, LegacyVersionKey, legacyNode.Origin);
        }

        var matches = Rules.Where(r => r.Matches(config)).ToList();
        var versions = matches.Select(r => r.Version).Distinct(StringComparer.Ordinal).ToList();
        if (versions.Count > 1)
        {
            return new VersionDetection(null, VersionDetectionMethod.Rule, Origin: config.Origin,
                Error: "the file matches detection rules for several versions (" + string.Join(", ", matches.Select(r => $"{r.Version} at {r.Location}")) + $"); add {VersionKey} to say which");
        }

        if (matches.Count > 0)
        {
            return new VersionDetection(matches[0].Version, VersionDetectionMethod.Rule, Origin: matches[0].Origin, Rule: matches[0]);
        }

        return DefaultVersion is not null
            ? new VersionDetection(DefaultVersion, VersionDetectionMethod.Default)
            : new VersionDetection(null, VersionDetectionMethod.Undetermined);
    }
}
