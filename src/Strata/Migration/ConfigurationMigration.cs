using Strata.Model;
using Strata.Secrets;

namespace Strata.Migration;

/// <summary>
/// One migration script: the transformations that take a configuration from <see cref="FromVersion"/> to
/// <see cref="ToVersion"/>, with a description, an optional author and date, and optional detection rules
/// for unversioned configurations at <see cref="FromVersion"/> and at <see cref="ToVersion"/>. After its transformations, a step sets the
/// configuration's version key to <see cref="ToVersion"/>, so scripts need not do it themselves.
/// </summary>
public sealed record ConfigurationMigration
{
    /// <summary>The version the script migrates from.</summary>
    public required string FromVersion { get; init; }

    /// <summary>The version the script migrates to.</summary>
    public required string ToVersion { get; init; }

    /// <summary>What the step changes, in words.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Who wrote the script (optional).</summary>
    public string Author { get; init; } = string.Empty;

    /// <summary>When the script was written (optional, free text).</summary>
    public string Date { get; init; } = string.Empty;

    /// <summary>The transformations, applied in order.</summary>
    public IReadOnlyList<MigrationTransformation> Transformations { get; init; } = [];

    /// <summary>How to recognise an unversioned configuration at <see cref="FromVersion"/>, if the script says.</summary>
    public VersionDetectionRule? Detection { get; init; }

    /// <summary>
    /// How to recognise an unversioned configuration already at <see cref="ToVersion"/>, if the script says
    /// (<c>detect_target</c>): the way to give the latest version, which no script starts from, a rule.
    /// </summary>
    public VersionDetectionRule? TargetDetection { get; init; }

    /// <summary>The script file, when it came from one.</summary>
    public string? Source { get; init; }

    /// <summary>Where the script declares its versions, for messages.</summary>
    public Origin? Origin { get; init; }

    /// <summary>The step in one line: <c>1.0 -&gt; 1.1: description</c>.</summary>
    public string Title => Description.Length == 0 ? $"{FromVersion} -> {ToVersion}" : $"{FromVersion} -> {ToVersion}: {Description}";

    /// <summary>
    /// Applies every transformation in order, then sets the version key. A failed transformation stops the step:
    /// the result is then the input, untouched, and the remaining transformations are reported as not run.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="layer">The layer it belongs to (see <see cref="MigrationTransformation.Layers"/>).</param>
    /// <param name="redactor">Masks secret values in reasons.</param>
    internal MigrationStepReport Apply(ConfigMap config, LayerKind layer = LayerKind.Global, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var operations = new List<OperationReport>(Transformations.Count);
        var rewrites = new List<PathRewrite>();
        var current = config;
        for (var i = 0; i < Transformations.Count; i++)
        {
            var t = Transformations[i];
            var result = t.Apply(current, layer, redactor);
            operations.Add(new OperationReport(FromVersion, ToVersion, i, t, result.Status, result.Reason));
            if (result.Status == OperationStatus.Failed)
            {
                for (var j = i + 1; j < Transformations.Count; j++)
                {
                    operations.Add(new OperationReport(FromVersion, ToVersion, j, Transformations[j], OperationStatus.Skipped, "not run: an earlier transformation failed"));
                }

                return new MigrationStepReport(this, operations, config) { FailureLocation = result.Location };
            }

            current = result.Config;
            rewrites.AddRange(result.Rewrites);
        }

        return new MigrationStepReport(this, operations, StampVersion(current)) { Rewrites = rewrites };
    }

    private ConfigMap StampVersion(ConfigMap config)
    {
        const string key = ConfigurationVersionDetector.VersionKey;
        if (config.TryGetValue(key, out var existing))
        {
            return config.SetItem(key, ConfigScalar.String(ToVersion, existing.Origin, isQuoted: true));
        }

        if (config.TryGetValue(ConfigurationVersionDetector.LegacyVersionKey, out var legacy)
            && ConfigurationVersionDetector.TryReadVersion(legacy, out var legacyVersion) && legacyVersion == FromVersion)
        {
            return config.SetItem(ConfigurationVersionDetector.LegacyVersionKey, ConfigScalar.String(ToVersion, legacy.Origin, isQuoted: true));
        }

        var stamp = new KeyValuePair<string, ConfigNode>(key, ConfigScalar.String(ToVersion, config.Origin, isQuoted: true));
        return new ConfigMap([stamp, .. config], config.Origin);
    }
}
