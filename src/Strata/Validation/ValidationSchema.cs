using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;
using Strata.Validation.Engine;

namespace Strata.Validation;

/// <summary>
/// A rule schema: key rules (<see cref="KeyRule"/>), cross-field rules (<see cref="ConstraintRule"/>) and whole-configuration
/// checks written in C#. Read one from a <c>schema.yaml</c> with <see cref="Load"/> or <see cref="Parse(byte[], string, ParserLimits?)"/>,
/// or build one with <see cref="ValidationSchemaBuilder"/>. Creating a schema checks that it makes sense (regexes compile,
/// min is not above max, rules parse and only use declared keys) and reports every problem at once. Immutable and thread-safe.
/// </summary>
public sealed class ValidationSchema
{
    /// <summary>The match timeout of every regular expression unless the schema sets another.</summary>
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromSeconds(1);

    private ValidationSchema(
        IReadOnlyList<KeyRule> keys,
        IReadOnlyList<ConstraintRule> rules,
        IReadOnlyList<Func<ConfigSnapshot, IEnumerable<ValidationError>>> checks,
        UnknownKeyPolicy unknownKeys,
        TimeSpan regexTimeout,
        string? source,
        string? description,
        CompiledSchema compiled)
    {
        Description = description;
        Keys = keys;
        Rules = rules;
        Checks = checks;
        UnknownKeys = unknownKeys;
        RegexTimeout = regexTimeout;
        Source = source;
        Compiled = compiled;
    }

    /// <summary>The key rules, in declaration order.</summary>
    internal IReadOnlyList<KeyRule> Keys { get; }

    /// <summary>The cross-field rules, in declaration order.</summary>
    internal IReadOnlyList<ConstraintRule> Rules { get; }

    /// <summary>Whole-configuration checks written in C#.</summary>
    public IReadOnlyList<Func<ConfigSnapshot, IEnumerable<ValidationError>>> Checks { get; }

    /// <summary>What to do with keys no rule declares (strict validation turns warnings into errors).</summary>
    public UnknownKeyPolicy UnknownKeys { get; }

    /// <summary>The match timeout of every regular expression.</summary>
    public TimeSpan RegexTimeout { get; }

    /// <summary>The schema file it was read from (relative to the config directory), or null for a schema built in code.</summary>
    public string? Source { get; }

    /// <summary>What the schema is for (exported to JSON Schema).</summary>
    public string? Description { get; }

    internal CompiledSchema Compiled { get; }

    /// <summary>Creates a schema, throwing <see cref="ConfigurationLoadException"/> with every inconsistency found.</summary>
    /// <param name="keys">The key rules.</param>
    /// <param name="rules">The cross-field rules.</param>
    /// <param name="checks">Whole-configuration checks.</param>
    /// <param name="unknownKeys">What to do with undeclared keys.</param>
    /// <param name="regexTimeout">The match timeout of regular expressions; <see cref="DefaultRegexTimeout"/> when null.</param>
    internal static ValidationSchema Create(
        IEnumerable<KeyRule> keys,
        IEnumerable<ConstraintRule>? rules = null,
        IEnumerable<Func<ConfigSnapshot, IEnumerable<ValidationError>>>? checks = null,
        UnknownKeyPolicy unknownKeys = UnknownKeyPolicy.Warn,
        TimeSpan? regexTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var errors = new List<ConfigurationError>();
        return TryCreate([.. keys], [.. rules ?? []], [.. checks ?? []], unknownKeys, regexTimeout ?? DefaultRegexTimeout, null, errors)
            ?? throw new ConfigurationLoadException(errors);
    }

    /// <summary>Reads a rule schema from a file (YAML or JSON by extension). Throws <see cref="ConfigurationLoadException"/> naming file and line.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Bounds on the input.</param>
    public static ValidationSchema Load(string path, ParserLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ParserLimits.Default;
        return Parse(SchemaFile.Read(path, limits), Path.GetFileName(path), limits);
    }

    /// <summary>Reads a rule schema from file content. Throws <see cref="ConfigurationLoadException"/> naming file and line.</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="source">The file name (its extension picks YAML or JSON), used in errors.</param>
    /// <param name="limits">Bounds on the input.</param>
    public static ValidationSchema Parse(byte[] content, string source, ParserLimits? limits = null) =>
        Parse(ConfigFileParser.Parse(content, source, LayerKind.Global, limits));

    /// <summary>Reads a rule schema from a parsed schema file. Throws <see cref="ConfigurationLoadException"/> naming file and line.</summary>
    /// <param name="tree">The parsed file.</param>
    public static ValidationSchema Parse(ConfigMap tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var errors = new List<ConfigurationError>();
        return RuleSchemaReader.Read(tree, errors) ?? throw new ConfigurationLoadException(errors);
    }

    internal static ValidationSchema? TryCreate(
        IReadOnlyList<KeyRule> keys,
        IReadOnlyList<ConstraintRule> rules,
        IReadOnlyList<Func<ConfigSnapshot, IEnumerable<ValidationError>>> checks,
        UnknownKeyPolicy unknownKeys,
        TimeSpan regexTimeout,
        string? source,
        List<ConfigurationError> errors,
        string? description = null)
    {
        if (regexTimeout <= TimeSpan.Zero || regexTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add(new ConfigurationError(source ?? string.Empty, 0, 0, "regex_timeout", "regex_timeout must be more than 0 and at most 1 minute"));
            return null;
        }

        var compiled = SchemaCompiler.Compile(keys, rules, regexTimeout, errors);
        return compiled is null ? null : new ValidationSchema(keys, rules, checks, unknownKeys, regexTimeout, source, description, compiled);
    }
}
