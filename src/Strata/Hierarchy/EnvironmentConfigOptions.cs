using Strata.Migration;
using Strata.Secrets;
using Strata.Sources;
using Strata.Validation;

namespace Strata.Hierarchy;

/// <summary>Settings of an <see cref="EnvironmentConfigManager"/>.</summary>
public sealed class EnvironmentConfigOptions
{
    /// <summary>The environment to load; detected from the process environment when null.</summary>
    public string? Environment { get; set; }

    /// <summary>The agent type whose layer to include; none when null.</summary>
    public string? Agent { get; set; }

    /// <summary>Prefix of environment variables that override keys (<c>STRATA__REDIS__PORT</c>); null or empty turns the layer off.</summary>
    public string? EnvironmentVariablePrefix { get; set; } = EnvironmentVariableSource.DefaultPrefix;

    /// <summary>
    /// The variables consulted, in order, to detect the environment when <see cref="Environment"/> is null: the
    /// first one set to a non-blank value wins, else <see cref="EnvironmentConfigManager.DefaultEnvironment"/>.
    /// An empty list turns detection off.
    /// </summary>
    /// <value>Default <see cref="EnvironmentConfigManager.EnvironmentVariableNames"/>: <c>STRATA_ENVIRONMENT</c>,
    /// <c>ENVIRONMENT</c>, <c>ENV</c>, <c>DOTNET_ENVIRONMENT</c>, <c>ASPNETCORE_ENVIRONMENT</c>.</value>
    public IReadOnlyList<string> EnvironmentDetectionVariables { get; set; } = EnvironmentConfigManager.EnvironmentVariableNames;

    /// <summary>The variables used for the environment layer and <c>${NAME}</c> interpolation; the process environment when null.</summary>
    public IReadOnlyDictionary<string, string>? EnvironmentVariables { get; set; }

    /// <summary>Command-line overrides, each <c>key=value</c>.</summary>
    public IList<string> Overrides { get; } = [];

    /// <summary>Bounds on every file read.</summary>
    public ParserLimits Limits { get; set; } = ParserLimits.Default;

    /// <summary>The file-system seam.</summary>
    public IConfigFileSystem FileSystem { get; set; } = PhysicalConfigFileSystem.Instance;

    /// <summary>The clock for snapshot timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Decides which values are secret.</summary>
    public SecretRedactor Redactor { get; set; } = SecretRedactor.Default;

    /// <summary>A validator to run on every candidate snapshot, in addition to the directory's <c>schema.yaml</c>.</summary>
    public IConfigSnapshotValidator? Validator { get; set; }

    /// <summary>A migrator for every layer; when null, the directory's <c>migrations/</c> scripts are used if present.</summary>
    public IConfigLayerMigrator? Migrator { get; set; }

    /// <summary>Whether <c>schema.yaml</c>/<c>schema.json</c> and <c>migrations/</c> in the config directory are used. Default true.</summary>
    public bool UseDirectorySchemaAndMigrations { get; set; } = true;

    /// <summary>When true, unknown keys are errors instead of warnings (directory schema only).</summary>
    public bool StrictValidation { get; set; }

    /// <summary>Returns a shallow copy, so a derived manager can change a setting without touching this one.</summary>
    public EnvironmentConfigOptions Clone()
    {
        var copy = new EnvironmentConfigOptions
        {
            Environment = Environment,
            Agent = Agent,
            EnvironmentVariablePrefix = EnvironmentVariablePrefix,
            EnvironmentVariables = EnvironmentVariables,
            EnvironmentDetectionVariables = EnvironmentDetectionVariables,
            Limits = Limits,
            FileSystem = FileSystem,
            TimeProvider = TimeProvider,
            Redactor = Redactor,
            Validator = Validator,
            Migrator = Migrator,
            UseDirectorySchemaAndMigrations = UseDirectorySchemaAndMigrations,
            StrictValidation = StrictValidation,
        };
        foreach (var o in Overrides)
        {
            copy.Overrides.Add(o);
        }

        return copy;
    }
}
