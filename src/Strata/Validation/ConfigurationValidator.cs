using Json.Schema;
using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;
using Strata.Validation.Engine;

namespace Strata.Validation;

/// <summary>
/// Validates configurations against a rule schema (<see cref="ValidationSchema"/>) or a JSON Schema. Every problem is
/// reported — not only the first — with its key path, message, severity and the origin of the offending value, so
/// errors read <c>file:line:column: path: what is wrong</c>. As an <see cref="IConfigSnapshotValidator"/> it runs in the
/// pipeline on every load and every hot reload (the config directory's <c>schema.yaml</c> is picked up automatically,
/// see <see cref="DirectorySchema"/>). Immutable and thread-safe.
/// </summary>
public sealed class ConfigurationValidator : IConfigSnapshotValidator
{
    private readonly ValidationSchema? _rules;
    private readonly JsonSchemaRules? _json;

    /// <summary>Creates a validator for a rule schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public ConfigurationValidator(ValidationSchema schema, ConfigurationValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _rules = schema;
        Options = options ?? ConfigurationValidatorOptions.Default;
    }

    /// <summary>Creates a validator for a JSON Schema built with JsonSchema.Net.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="options">Settings; defaults when null. <see cref="ConfigurationValidatorOptions.Strict"/> has no effect: the schema decides about additional properties.</param>
    public ConfigurationValidator(JsonSchema schema, ConfigurationValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _json = JsonSchemaRules.FromSchema(schema);
        Options = options ?? ConfigurationValidatorOptions.Default;
    }

    private ConfigurationValidator(ValidationSchema? rules, JsonSchemaRules? json, ConfigurationValidatorOptions options)
    {
        _rules = rules;
        _json = json;
        Options = options;
    }

    /// <summary>The rule schema, when this validator uses one.</summary>
    public ValidationSchema? Schema => _rules;

    /// <summary>The JSON Schema, when this validator uses one.</summary>
    public JsonSchema? JsonSchema => _json?.Schema;

    internal JsonSchemaRules? JsonRules => _json;

    /// <summary>The schema file it was loaded from (relative to the config directory), if any.</summary>
    public string? Source => _rules?.Source ?? _json?.Source;

    /// <summary>The settings.</summary>
    public ConfigurationValidatorOptions Options { get; }

    /// <summary>
    /// Loads a schema file: a JSON Schema when it declares <c>$schema</c>, otherwise a rule schema. Throws
    /// <see cref="ConfigurationLoadException"/> with every problem in the file, each at its line.
    /// </summary>
    /// <param name="path">The file (<c>.yaml</c>, <c>.yml</c> or <c>.json</c>).</param>
    /// <param name="options">Settings.</param>
    /// <param name="limits">Bounds on the input.</param>
    public static ConfigurationValidator FromFile(string path, ConfigurationValidatorOptions? options = null, ParserLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ParserLimits.Default;
        return Parse(SchemaFile.Read(path, limits), Path.GetFileName(path), options, limits);
    }

    /// <summary>Reads a schema from file content; see <see cref="FromFile"/>.</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="source">The file name, used in errors; its extension picks YAML or JSON.</param>
    /// <param name="options">Settings.</param>
    /// <param name="limits">Bounds on the input.</param>
    public static ConfigurationValidator Parse(byte[] content, string source, ConfigurationValidatorOptions? options = null, ParserLimits? limits = null)
    {
        var tree = ConfigFileParser.Parse(content, source, LayerKind.Global, limits);
        var errors = new List<ConfigurationError>();
        var validator = TryCreate(tree, errors);
        return validator is null ? throw new ConfigurationLoadException(errors) : validator.WithOptions(options ?? ConfigurationValidatorOptions.Default);
    }

    /// <summary>Returns a validator with the same schema and other settings (for example strict mode).</summary>
    /// <param name="options">The settings.</param>
    public ConfigurationValidator WithOptions(ConfigurationValidatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options == Options ? this : new ConfigurationValidator(_rules, _json, options);
    }

    /// <summary>Validates a snapshot: every error and warning, sorted by layer, file and line.</summary>
    /// <param name="snapshot">The configuration.</param>
    public ValidationResult Validate(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        List<ValidationError> problems;
        try
        {
            problems = _rules is not null
                ? RuleSchemaEvaluator.Run(_rules, snapshot, Options)
                : _json!.Evaluate(snapshot.Root, Options.Redactor);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            problems = [new ValidationError(string.Empty, $"validation failed unexpectedly ({ex.GetType().Name}: {ex.Message})", ErrorSeverity.Error, snapshot.Root.Origin) { Rule = "internal" }];
        }

        return new ValidationResult(problems
            .Select((p, i) => (p, i))
            .OrderBy(x => x.p.Origin is null ? 1 : 0)
            .ThenBy(x => x.p.Origin?.Layer ?? LayerKind.Runtime)
            .ThenBy(x => x.p.Origin?.Source, StringComparer.Ordinal)
            .ThenBy(x => x.p.Origin?.Line ?? 0)
            .ThenBy(x => x.p.Origin?.Column ?? 0)
            .ThenBy(x => x.i)
            .Select(x => x.p));
    }

    /// <summary>Validates a configuration tree that is not (yet) a snapshot.</summary>
    /// <param name="root">The tree, with origins.</param>
    public ValidationResult Validate(ConfigMap root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Validate(new ConfigSnapshot(root, 0, DateTimeOffset.UnixEpoch, [], "validation"));
    }

    /// <inheritdoc />
    IReadOnlyList<ConfigurationError> IConfigSnapshotValidator.Validate(ConfigSnapshot snapshot) => Validate(snapshot).ToConfigurationErrors();

    /// <summary>Builds a validator from a parsed schema file, adding every problem in it to <paramref name="errors"/>.</summary>
    internal static ConfigurationValidator? TryCreate(ConfigMap tree, List<ConfigurationError> errors)
    {
        if (JsonSchemaRules.IsJsonSchema(tree))
        {
            return JsonSchemaRules.Load(tree, errors) is { } json ? new ConfigurationValidator(null, json, ConfigurationValidatorOptions.Default) : null;
        }

        return RuleSchemaReader.Read(tree, errors) is { } rules ? new ConfigurationValidator(rules, null, ConfigurationValidatorOptions.Default) : null;
    }
}
