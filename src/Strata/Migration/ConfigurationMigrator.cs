using System.Globalization;
using Strata.Model;
using Strata.Secrets;
using Strata.Sources;

namespace Strata.Migration;

/// <summary>
/// Migrates configurations between versions. The scripts form a graph of versions; a migration follows the
/// shortest path (fewest steps, found breadth-first) from the configuration's version to the target, applying
/// each script in turn. The latest version is the greatest version any script names (compared part by part,
/// numerically where both parts are numbers), never a constant. Immutable and thread-safe once built.
/// As the pipeline's <see cref="IConfigLayerMigrator"/>, it brings every layer to the latest version before the merge.
/// </summary>
public sealed class ConfigurationMigrator : IConfigLayerMigrator
{
    private readonly Dictionary<string, List<ConfigurationMigration>> _outgoing = new(StringComparer.Ordinal);
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<string> _versions;

    /// <summary>Creates a migrator. Throws <see cref="ConfigurationLoadException"/> for invalid transformations and for duplicate or self-referencing steps.</summary>
    /// <param name="migrations">The scripts.</param>
    /// <param name="detector">Finds versions; by default one with the scripts' detection rules (<c>detect</c> and <c>detect_target</c>) and no default version.</param>
    /// <param name="redactor">Masks secret values in reports; <see cref="SecretRedactor.Default"/> when null.</param>
    public ConfigurationMigrator(IEnumerable<ConfigurationMigration> migrations, ConfigurationVersionDetector? detector = null, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        Migrations = [.. migrations];
        Redactor = redactor ?? SecretRedactor.Default;
        var errors = new List<ConfigurationError>();
        var edges = new Dictionary<(string, string), ConfigurationMigration>();
        foreach (var m in Migrations)
        {
            var at = ErrorAt(m);
            if (string.IsNullOrWhiteSpace(m.FromVersion) || string.IsNullOrWhiteSpace(m.ToVersion))
            {
                errors.Add(at("from_version", "a migration needs from_version and to_version"));
                continue;
            }

            if (m.FromVersion == m.ToVersion)
            {
                errors.Add(at("to_version", $"from_version and to_version are both '{m.FromVersion}'"));
                continue;
            }

            if (edges.TryGetValue((m.FromVersion, m.ToVersion), out var first))
            {
                errors.Add(at("from_version", $"duplicate migration {m.FromVersion} -> {m.ToVersion}: already defined in {Describe(first)}; keep one"));
                continue;
            }

            for (var i = 0; i < m.Transformations.Count; i++)
            {
                foreach (var problem in m.Transformations[i].Validate())
                {
                    var origin = m.Transformations[i].Origin ?? m.Origin;
                    errors.Add(new ConfigurationError(origin?.Source ?? m.Source ?? string.Empty, origin?.Line ?? 0, origin?.Column ?? 0, $"transformations[{i}]", problem));
                }
            }

            edges[(m.FromVersion, m.ToVersion)] = m;
            if (!_outgoing.TryGetValue(m.FromVersion, out var list))
            {
                _outgoing[m.FromVersion] = list = [];
            }

            list.Add(m);
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationLoadException(errors);
        }

        foreach (var list in _outgoing.Values)
        {
            list.Sort((a, b) => CompareVersions(a.ToVersion, b.ToVersion));
        }

        var versions = Migrations.SelectMany(m => new[] { m.FromVersion, m.ToVersion }).Distinct(StringComparer.Ordinal).ToList();
        versions.Sort(CompareVersions);
        _versions = versions.AsReadOnly();
        Detector = detector ?? new ConfigurationVersionDetector(Migrations.SelectMany(m => new[] { m.Detection, m.TargetDetection }).OfType<VersionDetectionRule>());
    }

    /// <summary>The scripts, in the order given.</summary>
    public IReadOnlyList<ConfigurationMigration> Migrations { get; }

    /// <summary>Finds each configuration's version.</summary>
    public ConfigurationVersionDetector Detector { get; }

    /// <summary>Masks secret values in reports.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>The greatest version the scripts name; null when there are no scripts.</summary>
    public string? LatestVersion => _versions.Count == 0 ? null : _versions[^1];

    /// <summary>
    /// Loads every script (<c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>) directly inside a directory. Throws
    /// <see cref="ConfigurationLoadException"/> with every problem found, each naming its file and line.
    /// </summary>
    /// <param name="directory">The scripts directory.</param>
    /// <param name="fileSystem">The file seam; the real file system when null.</param>
    /// <param name="limits">Bounds on each script.</param>
    /// <param name="displayDirectory">How the directory is named in errors and reports (e.g. <c>migrations</c>); the directory itself when null.</param>
    public static ConfigurationMigrator Load(string directory, IConfigFileSystem? fileSystem = null, ParserLimits? limits = null, string? displayDirectory = null)
    {
        var scripts = MigrationScriptFiles.ReadScripts(directory, fileSystem, limits, displayDirectory, out var errors);
        return errors.Count > 0 ? throw new ConfigurationLoadException(errors) : new ConfigurationMigrator(scripts);
    }

    /// <summary>The script files directly inside a directory, sorted by name.</summary>
    /// <param name="directory">The scripts directory.</param>
    /// <param name="fileSystem">The file seam; the real file system when null.</param>
    public static IReadOnlyList<string> FindScripts(string directory, IConfigFileSystem? fileSystem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        fileSystem ??= PhysicalConfigFileSystem.Instance;
        return [.. fileSystem.EnumerateFiles(directory)
            .Where(f => ConfigFileParser.IsConfigFile(f) && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Compares two versions part by part (split at '.' and '-'): numerically where both parts are numbers, otherwise ordinally.</summary>
    /// <param name="left">One version.</param>
    /// <param name="right">The other.</param>
    public static int CompareVersions(string? left, string? right)
    {
        var a = (left ?? string.Empty).Split('.', '-');
        var b = (right ?? string.Empty).Split('.', '-');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x) && long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                ? x.CompareTo(y)
                : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Every version a script names, oldest first.</summary>
    public IReadOnlyList<string> GetAvailableVersions() => _versions;

    /// <summary>True when a script names <paramref name="version"/>.</summary>
    /// <param name="version">The version.</param>
    public bool IsKnownVersion(string version) => _versions.Contains(version, StringComparer.Ordinal);

    /// <summary>The scripts leading from one version to another by the fewest steps; empty when they are equal, null when no path exists.</summary>
    /// <param name="fromVersion">The starting version.</param>
    /// <param name="toVersion">The target version.</param>
    public IReadOnlyList<ConfigurationMigration>? FindPath(string fromVersion, string toVersion)
    {
        ArgumentNullException.ThrowIfNull(fromVersion);
        ArgumentNullException.ThrowIfNull(toVersion);
        if (fromVersion == toVersion)
        {
            return [];
        }

        var cameBy = new Dictionary<string, ConfigurationMigration>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal) { fromVersion };
        var queue = new Queue<string>();
        queue.Enqueue(fromVersion);
        while (queue.Count > 0)
        {
            var version = queue.Dequeue();
            foreach (var step in _outgoing.GetValueOrDefault(version) ?? [])
            {
                if (!visited.Add(step.ToVersion))
                {
                    continue;
                }

                cameBy[step.ToVersion] = step;
                if (step.ToVersion == toVersion)
                {
                    var path = new List<ConfigurationMigration>();
                    for (var v = toVersion; v != fromVersion; v = cameBy[v].FromVersion)
                    {
                        path.Add(cameBy[v]);
                    }

                    path.Reverse();
                    return path;
                }

                queue.Enqueue(step.ToVersion);
            }
        }

        return null;
    }

    /// <summary>Checks that a configuration at one version can be migrated to another; returns the problems, empty when it can.</summary>
    /// <param name="fromVersion">The starting version.</param>
    /// <param name="toVersion">The target version.</param>
    public IReadOnlyList<string> ValidateMigrationPath(string fromVersion, string toVersion)
    {
        ArgumentNullException.ThrowIfNull(fromVersion);
        ArgumentNullException.ThrowIfNull(toVersion);
        var problems = new List<string>();
        if (fromVersion == toVersion)
        {
            return problems;
        }

        if (!IsKnownVersion(fromVersion))
        {
            problems.Add(UnknownVersion(fromVersion));
        }

        if (!IsKnownVersion(toVersion))
        {
            problems.Add(UnknownVersion(toVersion));
        }

        if (problems.Count == 0 && FindPath(fromVersion, toVersion) is null)
        {
            problems.Add($"no migration path from {fromVersion} to {toVersion}");
        }

        return problems;
    }

    /// <summary>
    /// Migrates one configuration to <paramref name="toVersion"/> (the latest version when null). Never throws for
    /// problems in the configuration: they are in <see cref="MigrationReport.Errors"/>, and the result is then the
    /// input. A configuration whose version is undetermined is taken to be at the latest version.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="toVersion">The target version; the latest when null.</param>
    /// <param name="layer">The layer the configuration belongs to (decides which transformations apply).</param>
    /// <param name="source">The configuration's file, for errors; the root's origin when null.</param>
    /// <param name="fromVersion">
    /// The version of a configuration without a version key, in place of the detection rules and the default
    /// (<see cref="VersionDetectionMethod.Stated"/>); a version key in the configuration wins over it.
    /// </param>
    public MigrationReport Migrate(ConfigMap config, string? toVersion = null, LayerKind layer = LayerKind.Global, string? source = null, string? fromVersion = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        source ??= config.Origin.Source;
        var detection = Detector.Detect(config);
        string? overruled = null;
        if (!string.IsNullOrWhiteSpace(fromVersion))
        {
            if (detection.Method != VersionDetectionMethod.ExplicitKey)
            {
                detection = new VersionDetection(fromVersion.Trim(), VersionDetectionMethod.Stated);
            }
            else if (detection.Version is { } own && own != fromVersion.Trim())
            {
                overruled = $"the file's {detection.Key} ({own}) is used, not the stated version {fromVersion.Trim()}, which applies to files without a version key";
            }
        }

        var report = new MigrationReport(source, layer, config, detection) { Note = overruled };
        var target = toVersion ?? LatestVersion;
        report.TargetVersion = target;
        var at = detection.Origin is { } o && o.Source == source ? o : config.Origin;
        var keyPath = detection.Key ?? string.Empty;
        if (detection.Error is not null)
        {
            return Fail(report, ConfigurationError.At(at, keyPath, detection.Error));
        }

        if (target is null)
        {
            report.FromVersion = detection.Version;
            report.Note = "there are no migration scripts";
            return report;
        }

        if (!IsKnownVersion(target))
        {
            return Fail(report, new ConfigurationError(source, 0, 0, string.Empty, "target " + UnknownVersion(target)));
        }

        if (detection.Version is null)
        {
            report.FromVersion = LatestVersion;
            report.Note = $"no {ConfigurationVersionDetector.VersionKey} key and no detection rule matched: taken to be at the latest version, {LatestVersion}";
        }
        else
        {
            report.FromVersion = detection.Version;
        }

        var from = report.FromVersion!;
        if (from == target)
        {
            return report;
        }

        if (!IsKnownVersion(from))
        {
            var hint = detection.Method == VersionDetectionMethod.Stated ? string.Empty : "; is the file newer than the migration scripts?";
            report.NoPath = true;
            return Fail(report, ConfigurationError.At(at, keyPath, $"{detection.Description}: {UnknownVersion(from)}{hint}"));
        }

        var path = FindPath(from, target);
        if (path is null)
        {
            var because = detection.Version is null ? $" ({report.Note})" : string.Empty;
            report.NoPath = true;
            return Fail(report, ConfigurationError.At(at, keyPath, $"no migration path from {from} to {target}{because}"));
        }

        var steps = new List<MigrationStepReport>();
        var current = config;
        foreach (var migration in path)
        {
            var step = migration.Apply(current, layer, Redactor);
            steps.Add(step);
            if (step.Failure is { } failure)
            {
                report.Steps = steps;
                var where = step.FailureLocation is { } l && l.Source == source ? l : at;
                var path2 = failure.Transformation.SourcePath?.Text ?? failure.Transformation.TargetPath?.Text ?? string.Empty;
                return Fail(report, ConfigurationError.At(where, path2, $"migration {migration.FromVersion} -> {migration.ToVersion}, {failure.Transformation.Summary} ({failure.Location}): {failure.Reason}"));
            }

            current = step.Result;
        }

        report.Steps = steps;
        report.Result = current;
        return report;
    }

    /// <summary>The pipeline's migrate stage: brings a layer to the latest version.</summary>
    /// <param name="layer">The parsed layer; its origin's layer decides which transformations apply.</param>
    /// <param name="source">The layer's file, relative to the config directory.</param>
    LayerMigrationResult IConfigLayerMigrator.Migrate(ConfigMap layer, string source)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var report = Migrate(layer, null, layer.Origin.Layer, source);
        if (!report.Succeeded)
        {
            return new LayerMigrationResult(layer, report.FromVersion, report.FromVersion, [], report.Errors);
        }

        return report.Migrated
            ? new LayerMigrationResult(report.Result, report.FromVersion, report.ToVersion, report.Applied, [])
            : new LayerMigrationResult(layer, report.FromVersion, report.FromVersion, [], []);
    }

    private static MigrationReport Fail(MigrationReport report, ConfigurationError error)
    {
        report.Errors = [error];
        report.Result = report.Original;
        return report;
    }

    private static string Describe(ConfigurationMigration m) => m.Origin?.ToString() ?? m.Source ?? "code";

    private static Func<string, string, ConfigurationError> ErrorAt(ConfigurationMigration m) =>
        (path, message) => new ConfigurationError(m.Origin?.Source ?? m.Source ?? string.Empty, m.Origin?.Line ?? 0, m.Origin?.Column ?? 0, path, message);

    private string UnknownVersion(string version) =>
        $"version '{version}' is not one the migration scripts know (known: {(_versions.Count == 0 ? "none" : string.Join(", ", _versions))})";
}
