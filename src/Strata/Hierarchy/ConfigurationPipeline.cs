using Strata.Interpolation;
using Strata.Migration;
using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;
using Strata.Validation;

namespace Strata.Hierarchy;

/// <summary>
/// One run of the configuration pipeline — read, parse, migrate, merge, interpolate, validate, snapshot —
/// for one <see cref="EnvironmentConfigManager"/>. Loading at start-up and every reload are the same run.
/// Parsed (and migrated) layers are cached by content hash, so a run re-parses only files whose bytes
/// changed; when the caller knows which files changed (file events), the others are not even read. A run
/// never publishes anything: it returns a candidate or the errors. Runs must not overlap (the hot reloader
/// serializes them).
/// </summary>
internal sealed partial class ConfigurationPipeline
{
    /// <summary>How long runs may trust a list of changed files before one reads every file again anyway.</summary>
    internal static readonly TimeSpan FullReadInterval = TimeSpan.FromSeconds(30);

    private readonly EnvironmentConfigManager _manager;
    private readonly Dictionary<string, CachedLayer> _cache = new(StringComparer.Ordinal);
    private long _filesParsed;
    private ConfigSnapshot? _lastCandidate;
    private PipelineExtensions? _lastExtensions;

    // What the last run found, kept for a run given the changed files.
    private IReadOnlyList<LayerFile>? _lastFiles;
    private (string Environment, string? Agent) _lastFilesFor;
    private bool _extensionsClean;
    private DateTimeOffset _lastFullRead;
    private ConfigMap[]? _lastRoots;
    private ConfigMap? _lastMerged;
    private KeyOwners? _owners;

    /// <summary>Creates a pipeline for a manager.</summary>
    /// <param name="manager">The manager whose directory, environment, agent and options are used.</param>
    public ConfigurationPipeline(EnvironmentConfigManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        _manager = manager;
    }

    /// <summary>Files parsed over the pipeline's lifetime (cache misses).</summary>
    public long FilesParsed => Interlocked.Read(ref _filesParsed);

    /// <summary>The migrate and validate stages the last run used; null before the first run.</summary>
    public PipelineExtensions? LastExtensions => Volatile.Read(ref _lastExtensions);

    /// <summary>
    /// Runs the pipeline and returns a candidate snapshot with <paramref name="version"/>, or the errors. It never
    /// throws: an exception that no stage anticipated becomes an error naming the file being read, if any.
    /// </summary>
    /// <param name="version">The version the candidate will carry if published.</param>
    public PipelineResult Run(long version) => Run(version, live: null);

    /// <summary>
    /// Runs the pipeline for a reload of <paramref name="live"/>: as <see cref="Run(long)"/>, and an environment or
    /// agent layer that <paramref name="live"/> was built from and that has vanished since is an error.
    /// </summary>
    /// <param name="version">The version the candidate will carry if published.</param>
    /// <param name="live">The published snapshot; null at start-up.</param>
    internal PipelineResult Run(long version, ConfigSnapshot? live) => Run(version, live, changedFiles: null);

    /// <summary>
    /// Runs the pipeline for a reload of <paramref name="live"/> when the files that changed since the last run are
    /// known (from file events): only those are read again, and every other layer comes from the cache. The run reads
    /// every file instead when the list names a file the last run did not read or that no longer exists, and at least
    /// once every <see cref="FullReadInterval"/>, so a change no event reported is picked up (and after the manager switched
    /// environment, which changes the files themselves).
    /// </summary>
    /// <param name="version">The version the candidate will carry if published.</param>
    /// <param name="live">The published snapshot; null at start-up.</param>
    /// <param name="changedFiles">Paths relative to the config directory that changed since the last run; null when unknown.</param>
    internal PipelineResult Run(long version, ConfigSnapshot? live, IReadOnlyCollection<string>? changedFiles)
    {
        var run = new PipelineRunState();
        try
        {
            return RunStages(version, live, run, KnownChanges(changedFiles));
        }
        catch (Exception ex)
        {
            // Whatever a stage throws, a run reports it as an error; the caller logs the exception itself.
            return Fail([UnexpectedError.For(ex, run.Reading)], run.FilesRead, run.ParsedNow, run.Changed) with { Exceptions = [.. run.Exceptions, ex] };
        }
    }

    /// <summary>The changed files when a run can trust them, or null when it must read every file.</summary>
    private HashSet<string>? KnownChanges(IReadOnlyCollection<string>? changedFiles)
    {
        var options = _manager.Options;
        var now = options.TimeProvider.GetUtcNow();
        if (changedFiles is null || _lastFiles is null || now - _lastFullRead >= FullReadInterval || _lastFilesFor != (_manager.Environment, _manager.Agent))
        {
            _lastFullRead = now;
            return null;
        }

        foreach (var file in changedFiles)
        {
            if (!_cache.ContainsKey(file) || !options.FileSystem.FileExists(Path.Combine(_manager.ConfigDirectory, file)))
            {
                // A new or vanished file can change which files make up the layers: list them again.
                _lastFullRead = now;
                return null;
            }
        }

        return new HashSet<string>(changedFiles, StringComparer.Ordinal);
    }

    private PipelineResult RunStages(long version, ConfigSnapshot? live, PipelineRunState run, HashSet<string>? changedFiles)
    {
        var options = _manager.Options;
        var errors = new List<ConfigurationError>();
        var warnings = new List<ConfigurationError>();
        var migrations = new List<string>();
        var filesRead = run.FilesRead;
        var changed = run.Changed;
        using var consistentRead = options.FileSystem.BeginRead();

        if (live is not null && LiveLayerCheck.Find(_manager, live) is { Count: > 0 } vanished)
        {
            changed.AddRange(vanished.Select(v => v.File));
            return Fail(vanished.Select(v => v.Error), filesRead, 0, changed);
        }

        IReadOnlyList<LayerFile> files;
        try
        {
            files = changedFiles is not null ? _lastFiles! : _manager.GetLayerFiles();
        }
        catch (ConfigurationLoadException ex)
        {
            _lastFiles = null;
            return Fail(ex.Errors, filesRead, 0, changed);
        }

        _lastFiles = files;
        _lastFilesFor = (_manager.Environment, _manager.Agent);

        // A schema or migration script that changed is never in a trusted list (it is not a layer file), so a run
        // given one keeps the stages the last run found, unless finding them reported errors.
        PipelineExtensions extensions;
        if (changedFiles is not null && _extensionsClean && _lastExtensions is { } kept)
        {
            extensions = kept;
        }
        else
        {
            var before = errors.Count;
            extensions = PipelineExtensions.Resolve(_manager, errors);
            _extensionsClean = errors.Count == before;
            Volatile.Write(ref _lastExtensions, extensions);
        }

        var (layers, roots) = ReadLayers(files, changedFiles, extensions, run, errors, migrations);
        if (errors.Count > 0)
        {
            return Fail(errors, filesRead, run.ParsedNow, changed) with { Exceptions = run.Exceptions };
        }

        var rootOrigin = new Origin(layers.Count > 0 ? layers[0].Source : "base.yaml", 1, 1, LayerKind.Global);
        var merged = _lastRoots is not null ? IncrementalMerge.TryMerge(_lastRoots, _lastMerged!, roots, _owners) : null;
        if (merged is null)
        {
            merged = ConfigMerger.MergeAll(roots, rootOrigin);
            _owners = new KeyOwners();
        }

        (_lastRoots, _lastMerged) = (roots, merged);
        try
        {
            merged = ApplyOverridesAndInterpolate(merged, layers);
        }
        catch (ConfigurationLoadException ex)
        {
            return Fail(ex.Errors, filesRead, run.ParsedNow, changed);
        }

        if (KeyCaseCollisions.Find(merged, _lastCandidate?.Root) is { } collisions)
        {
            return Fail(collisions, filesRead, run.ParsedNow, changed);
        }

        var snapshot = new ConfigSnapshot(merged, version, options.TimeProvider.GetUtcNow(), layers, _manager.Environment, _manager.Agent, contentHash: null, basis: _lastCandidate);
        _lastCandidate = snapshot;
        foreach (var validator in extensions.Validators)
        {
            IReadOnlyList<ConfigurationError> problems;
            try
            {
                problems = validator.Validate(snapshot);
            }
            catch (Exception ex)
            {
                // A validator that throws rejects the candidate, as any other failed check does.
                run.Exceptions.Add(ex);
                problems = [UnexpectedError.For(ex, null)];
            }

            foreach (var problem in problems)
            {
                (problem.Severity == ErrorSeverity.Error ? errors : warnings).Add(problem);
            }
        }

        return errors.Count > 0
            ? new PipelineResult(null, errors, warnings, filesRead, run.ParsedNow, migrations, changed) { Exceptions = run.Exceptions }
            : new PipelineResult(snapshot, [], warnings, filesRead, run.ParsedNow, migrations, changed);
    }

    /// <summary>Adds the environment-variable, command-line and runtime layers, then resolves <c>${...}</c> references.</summary>
    private ConfigMap ApplyOverridesAndInterpolate(ConfigMap merged, List<ConfigLayer> layers)
    {
        var options = _manager.Options;
        var variables = _manager.Variables;
        if (!string.IsNullOrEmpty(options.EnvironmentVariablePrefix))
        {
            var envLayer = EnvironmentVariableSource.Build(variables, options.EnvironmentVariablePrefix, merged);
            if (envLayer.Count > 0)
            {
                layers.Add(new ConfigLayer(LayerKind.EnvironmentVariables, "env", envLayer));
                merged = ConfigMerger.Merge(merged, envLayer);
            }
        }

        if (options.Overrides.Count > 0)
        {
            var cliLayer = CommandLineOverrides.Build(options.Overrides);
            layers.Add(new ConfigLayer(LayerKind.CommandLine, CommandLineOverrides.SourceName, cliLayer));
            merged = ConfigMerger.Merge(merged, cliLayer);
        }

        var runtime = _manager.RuntimeLayer;
        if (runtime.Count > 0)
        {
            layers.Add(new ConfigLayer(LayerKind.Runtime, "runtime", runtime));
            merged = ConfigMerger.Merge(merged, runtime);
        }

        return new Interpolator(name => variables.TryGetValue(name, out var v) ? v : null).Resolve(merged);
    }

    private static PipelineResult Fail(IEnumerable<ConfigurationError> errors, List<string> files, int parsed, List<string> changed) =>
        new(null, [.. errors], [], files, parsed, [], changed);
}
