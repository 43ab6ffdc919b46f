using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Hierarchy;

/// <summary>
/// A config directory laid out as the design says (<c>base.yaml</c>, <c>environments/&lt;env&gt;.yaml</c>,
/// <c>agents/&lt;agent&gt;.yaml</c>), with environment detection and switching, discovery of environments
/// and agent types, and loading of the effective configuration for one environment and at most one agent.
/// </summary>
public sealed class EnvironmentConfigManager
{
    /// <summary>The environment used when none is set or detected.</summary>
    public const string DefaultEnvironment = "development";

    /// <summary>The variables consulted by default, in order, to detect the environment (see <see cref="EnvironmentConfigOptions.EnvironmentDetectionVariables"/>).</summary>
    public static IReadOnlyList<string> EnvironmentVariableNames { get; } =
        ["STRATA_ENVIRONMENT", "ENVIRONMENT", "ENV", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT"];

    private readonly bool _environmentExplicit;
    private const string ExplicitSource = "explicit";
    private const string SwitchedSource = "switched";
    private const string DefaultSource = "default";
    private const string EnvSourcePrefix = "env:";

    private ConfigMap _runtime = ConfigMap.Empty(Origin.Runtime);
    private EnvironmentChoice _environment;

    /// <summary>Creates a manager for a config directory.</summary>
    /// <param name="configDirectory">The config directory.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public EnvironmentConfigManager(string configDirectory, EnvironmentConfigOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        ConfigDirectory = Path.GetFullPath(configDirectory);
        Options = options ?? new EnvironmentConfigOptions();
        Variables = Options.EnvironmentVariables ?? EnvironmentVariableSource.ProcessVariables();
        ValidateDetectionVariables(Options.EnvironmentDetectionVariables);
        _environmentExplicit = !string.IsNullOrEmpty(Options.Environment);
        _environment = _environmentExplicit ? new EnvironmentChoice(Options.Environment!, ExplicitSource) : Detect(Variables, Options.EnvironmentDetectionVariables);
        ValidateName("environment", _environment.Name);
        if (Options.Agent is not null)
        {
            ValidateName("agent", Options.Agent);
        }
    }

    /// <summary>The full path of the config directory.</summary>
    public string ConfigDirectory { get; }

    /// <summary>The settings.</summary>
    public EnvironmentConfigOptions Options { get; }

    /// <summary>The current environment.</summary>
    public string Environment => Volatile.Read(ref _environment).Name;

    /// <summary>
    /// What decided <see cref="Environment"/>: <c>env:NAME</c> when the variable <c>NAME</c> (one of
    /// <see cref="EnvironmentConfigOptions.EnvironmentDetectionVariables"/>) was set; <c>explicit</c> when
    /// <see cref="EnvironmentConfigOptions.Environment"/> named it; <c>switched</c> after <see cref="SwitchEnvironment"/>;
    /// <c>default</c> when no detection variable was set and <see cref="DefaultEnvironment"/> was taken.
    /// </summary>
    public string EnvironmentSource => Volatile.Read(ref _environment).Source;

    /// <summary>The agent whose layer is included, if any.</summary>
    public string? Agent => Options.Agent;

    /// <summary>The environment variables in effect (for the variable layer and interpolation).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>Values set at runtime with <see cref="Set"/>; the highest-precedence layer.</summary>
    public ConfigMap RuntimeLayer => Volatile.Read(ref _runtime);

    /// <summary>Detects the environment from <see cref="EnvironmentVariableNames"/> (first one set wins), else <see cref="DefaultEnvironment"/>.</summary>
    /// <param name="variables">The variables to consult; the process environment when null.</param>
    public static string DetectEnvironment(IReadOnlyDictionary<string, string>? variables = null) =>
        Detect(variables ?? EnvironmentVariableSource.ProcessVariables(), EnvironmentVariableNames).Name;

    /// <summary>Returns the manager's directory, environment (and what decided it) and agent.</summary>
    public override string ToString() =>
        $"EnvironmentConfigManager {ConfigDirectory}: environment {Environment} ({EnvironmentSource}), agent {Agent ?? "none"}";

    /// <summary>One line saying which environment is in effect and what decided it, for messages a user reads.</summary>
    internal string DescribeEnvironment()
    {
        var choice = Volatile.Read(ref _environment);
        return choice.Source switch
        {
            ExplicitSource => $"environment {choice.Name} (set explicitly)",
            SwitchedSource => $"environment {choice.Name} (switched at runtime)",
            DefaultSource when Options.EnvironmentDetectionVariables.Count == 0 => $"environment {choice.Name} (default: no detection variables configured)",
            DefaultSource => $"environment {choice.Name} (default: none of {string.Join(", ", Options.EnvironmentDetectionVariables)} is set)",
            _ => $"environment {choice.Name} (from {choice.Source[EnvSourcePrefix.Length..]})",
        };
    }

    /// <summary>
    /// Rejects environment and agent names that could reach outside the config directory (<c>/</c>, <c>\</c>,
    /// <c>..</c>) or are not plain names. Throws <see cref="ConfigurationLoadException"/>.
    /// </summary>
    /// <param name="kind">"environment" or "agent", for the message.</param>
    /// <param name="name">The name.</param>
    internal static void ValidateName(string kind, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.Contains("..", StringComparison.Ordinal) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            throw new ConfigurationLoadException(new ConfigurationError(string.Empty, 0, 0, string.Empty, $"invalid {kind} name '{name}': use letters, digits, '_', '-' or '.', and no '/', '\\' or '..'"));
        }
    }

    /// <summary>Switches to another environment; the next load uses it.</summary>
    /// <param name="environment">The environment name.</param>
    public void SwitchEnvironment(string environment)
    {
        ValidateName("environment", environment);
        Volatile.Write(ref _environment, new EnvironmentChoice(environment, SwitchedSource));
    }

    /// <summary>Returns a manager for the same directory and settings, scoped to another environment and agent.</summary>
    /// <param name="environment">The environment; the current one when null.</param>
    /// <param name="agent">The agent; none when null.</param>
    public EnvironmentConfigManager With(string? environment, string? agent)
    {
        var options = Options.Clone();
        options.Environment = environment ?? Environment;
        options.Agent = agent;
        options.EnvironmentVariables = Variables;
        var manager = new EnvironmentConfigManager(ConfigDirectory, options);
        manager._runtime = RuntimeLayer;
        if (environment is null)
        {
            manager._environment = Volatile.Read(ref _environment);
        }

        return manager;
    }

    /// <summary>The environments with a file in <c>environments/</c>, sorted.</summary>
    public IReadOnlyList<string> GetAvailableEnvironments() => Discover("environments");

    /// <summary>The agent types with a file in <c>agents/</c>, sorted.</summary>
    public IReadOnlyList<string> GetAvailableAgents() => Discover("agents");

    /// <summary>
    /// The files that form the layers of the current environment and agent, lowest precedence first. A layer
    /// may be split: <c>base.yaml</c> then <c>base.d/*.yaml</c> in name order (likewise
    /// <c>environments/&lt;env&gt;.d/</c> and <c>agents/&lt;agent&gt;.d/</c>).
    /// </summary>
    internal IReadOnlyList<LayerFile> GetLayerFiles()
    {
        var files = new List<LayerFile> { FindOne(string.Empty, "base", LayerKind.Global, required: true) };
        files.AddRange(Fragments(string.Empty, "base", LayerKind.Global));
        var environment = Environment;
        ValidateName("environment", environment);
        files.Add(FindOne("environments", environment, LayerKind.Environment, required: _environmentExplicit && !string.Equals(environment, DefaultEnvironment, StringComparison.Ordinal) && GetAvailableEnvironments().Count > 0));
        files.AddRange(Fragments("environments", environment, LayerKind.Environment));
        if (Agent is { } agent)
        {
            files.Add(FindOne("agents", agent, LayerKind.Agent, required: true));
            files.AddRange(Fragments("agents", agent, LayerKind.Agent));
        }

        return files;
    }

    /// <summary>Loads the effective configuration. Throws <see cref="ConfigurationLoadException"/> with every error found.</summary>
    public ConfigSnapshot Load() => Load(new ConfigurationPipeline(this), 1);

    /// <summary>Loads the effective configuration with one agent's layer: each agent type on its own, never merged together.</summary>
    /// <param name="agent">The agent type.</param>
    public ConfigSnapshot ForAgent(string agent)
    {
        ValidateName("agent", agent);
        return With(Environment, agent).Load();
    }

    /// <summary>Runs the pipeline without throwing.</summary>
    public PipelineResult TryLoad() => new ConfigurationPipeline(this).Run(1);

    /// <summary>Sets a value in the runtime layer (highest precedence); the next load includes it.</summary>
    /// <param name="key">A dot path.</param>
    /// <param name="value">A scalar value (null, bool, number, string) or a <see cref="ConfigNode"/>.</param>
    public void Set(string key, object? value)
    {
        var path = ConfigPath.Parse(key);
        var node = value as ConfigNode ?? ConfigScalar.FromObject(value, Origin.Runtime);
        ConfigMap current, updated;
        do
        {
            current = RuntimeLayer;
            updated = ConfigTree.Set(current, path, node, Origin.Runtime);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _runtime, updated, current), current));
    }

    /// <summary>Summarizes the current configuration: keys per layer and total unique keys.</summary>
    internal ConfigSummary GetSummary()
    {
        var snapshot = Load();
        var perLayer = snapshot.Layers.Select(l => new KeyValuePair<string, int>(l.Source, ConfigTree.CountLeaves(l.Root))).ToList();
        return new ConfigSummary(snapshot.Environment, snapshot.Agent, perLayer, snapshot.Count, [.. snapshot.Layers.Select(l => l.Kind)]);
    }

    internal static ConfigSnapshot Load(ConfigurationPipeline pipeline, long version)
    {
        var result = pipeline.Run(version);
        return result.Snapshot ?? throw new ConfigurationLoadException(result.Errors);
    }

    private static EnvironmentChoice Detect(IReadOnlyDictionary<string, string> variables, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return new EnvironmentChoice(value.Trim().ToLowerInvariant(), EnvSourcePrefix + name);
            }
        }

        return new EnvironmentChoice(DefaultEnvironment, DefaultSource);
    }

    private static void ValidateDetectionVariables(IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            throw new ArgumentException("EnvironmentConfigOptions.EnvironmentDetectionVariables is null; use an empty list to turn detection off", nameof(names));
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Any(c => char.IsWhiteSpace(c) || c == '='))
            {
                throw new ArgumentException($"EnvironmentConfigOptions.EnvironmentDetectionVariables[{i}] '{names[i]}' is not a variable name: it is blank or holds whitespace or '='", nameof(names));
            }
        }
    }

    private List<string> Discover(string folder)
    {
        var dir = Path.Combine(ConfigDirectory, folder);
        return Options.FileSystem.EnumerateFiles(dir)
            .Where(ConfigFileParser.IsConfigFile)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(n => !n.StartsWith('.'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Optional fragments of a layer, <c>&lt;name&gt;.d/*.yaml</c>, merged after the layer's main file in name order.</summary>
    private IEnumerable<LayerFile> Fragments(string folder, string name, LayerKind kind)
    {
        var relativeDir = folder.Length == 0 ? name + ".d" : folder + "/" + name + ".d";
        return Options.FileSystem.EnumerateFiles(Path.Combine(ConfigDirectory, relativeDir))
            .Where(ConfigFileParser.IsConfigFile)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(n => new LayerFile(kind, relativeDir + "/" + n, Path.Combine(ConfigDirectory, relativeDir, n), Required: false))
            .ToList();
    }

    private LayerFile FindOne(string folder, string name, LayerKind kind, bool required)
    {
        var found = new List<LayerFile>();
        foreach (var extension in ConfigFileParser.Extensions)
        {
            var relative = folder.Length == 0 ? name + extension : folder + "/" + name + extension;
            var full = Path.Combine(ConfigDirectory, relative);
            if (Options.FileSystem.FileExists(full))
            {
                found.Add(new LayerFile(kind, relative, full, required));
            }
        }

        if (found.Count > 1)
        {
            throw new ConfigurationLoadException(ConfigurationError.ForFile(found[1].RelativePath, $"both {found[0].RelativePath} and {found[1].RelativePath} exist; keep one"));
        }

        if (found.Count == 1)
        {
            return found[0];
        }

        var fallback = folder.Length == 0 ? name + ".yaml" : folder + "/" + name + ".yaml";
        if (required && kind != LayerKind.Global)
        {
            var known = kind == LayerKind.Agent ? GetAvailableAgents() : GetAvailableEnvironments();
            throw new ConfigurationLoadException(ConfigurationError.ForFile(fallback, $"{(kind == LayerKind.Agent ? "agent" : "environment")} '{name}' not found; known: {(known.Count == 0 ? "none" : string.Join(", ", known))}"));
        }

        return new LayerFile(kind, fallback, Path.Combine(ConfigDirectory, fallback), required, Found: false);
    }

    /// <summary>An environment name and what decided it, swapped as one reference.</summary>
    private sealed record EnvironmentChoice(string Name, string Source);
}
