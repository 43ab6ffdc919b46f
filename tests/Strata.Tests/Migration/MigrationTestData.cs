using Strata.Migration;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Migration;

/// <summary>Small builders shared by the migration tests.</summary>
internal static class MigrationTestData
{
    public static ConfigMap Yaml(string text, string source = "base.yaml", LayerKind layer = LayerKind.Global) =>
        YamlConfigParser.Parse(text, source, layer);

    public static ConfigPath P(string path) => ConfigPath.Parse(path);

    public static ConfigNode Value(string yaml) => Yaml("v: " + yaml, "script.yaml").TryGetValue("v", out var v) ? v : throw new InvalidOperationException();

    public static object? Get(ConfigNode root, string path) =>
        ConfigTree.TryGet(root, P(path), out var node) ? (node as ConfigScalar)?.ToObject() ?? node : null;

    public static bool Has(ConfigNode root, string path) => ConfigTree.TryGet(root, P(path), out _);

    public static MigrationTransformation Op(MigrationOperation operation, string? source = null, string? target = null, string? value = null) => new()
    {
        Operation = operation,
        SourcePath = source is null ? null : P(source),
        TargetPath = target is null ? null : P(target),
        Value = value is null ? null : Value(value),
    };

    /// <summary>Parses a script from YAML text, failing the test with the errors when it is invalid.</summary>
    public static ConfigurationMigration Script(string yaml, string name = "migrations/test.yaml")
    {
        var errors = new List<ConfigurationError>();
        var script = MigrationScriptReader.Read(System.Text.Encoding.UTF8.GetBytes(yaml), name, ParserLimits.Default, errors);
        Assert.True(script is not null, string.Join(Environment.NewLine, errors));
        return script!;
    }

    /// <summary>Parses a script expected to be invalid; returns its errors.</summary>
    public static IReadOnlyList<ConfigurationError> ScriptErrors(string yaml, string name = "migrations/bad.yaml")
    {
        var errors = new List<ConfigurationError>();
        var script = MigrationScriptReader.Read(System.Text.Encoding.UTF8.GetBytes(yaml), name, ParserLimits.Default, errors);
        Assert.Null(script);
        Assert.NotEmpty(errors);
        return errors;
    }

    /// <summary>A chain of empty scripts between the given versions, in order.</summary>
    public static ConfigurationMigration Step(string from, string to, params MigrationTransformation[] transformations) => new()
    {
        FromVersion = from,
        ToVersion = to,
        Description = $"step {from} to {to}",
        Transformations = transformations,
    };
}
