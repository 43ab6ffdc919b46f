using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Strata.Model;
using Strata.Secrets;
using Strata.Serialization;

namespace Strata.Validation.Engine;

/// <summary>
/// A JSON Schema (draft 2020-12, or another draft JsonSchema.Net knows, chosen by <c>$schema</c>) applied to the effective
/// configuration. Loading checks the schema against its meta-schema first, so a mistake in it is reported at its line;
/// every failing instance location is mapped back to the origin of the offending value.
/// </summary>
internal sealed class JsonSchemaRules
{
    private static readonly Dictionary<string, JsonSchema> MetaSchemasById = new(StringComparer.Ordinal)
    {
        [Normalize(MetaSchemas.Draft202012Id.ToString())] = MetaSchemas.Draft202012,
        [Normalize(MetaSchemas.Draft201909Id.ToString())] = MetaSchemas.Draft201909,
        [Normalize(MetaSchemas.Draft7Id.ToString())] = MetaSchemas.Draft7,
        [Normalize(MetaSchemas.Draft6Id.ToString())] = MetaSchemas.Draft6,
    };

    private JsonSchemaRules(JsonSchema schema, string? source, string? text)
    {
        Schema = schema;
        Source = source;
        Text = text;
    }

    public JsonSchema Schema { get; }

    /// <summary>The schema's JSON text as loaded, when it came from a file.</summary>
    public string? Text { get; }

    public string? Source { get; }

    /// <summary>True when a parsed schema file is a JSON Schema (it declares <c>$schema</c>).</summary>
    public static bool IsJsonSchema(ConfigMap tree) => tree.ContainsKey("$schema");

    public static JsonSchemaRules FromSchema(JsonSchema schema) => new(schema, null, null);

    /// <summary>Loads a JSON Schema from a parsed schema file, reporting every problem at its line.</summary>
    public static JsonSchemaRules? Load(ConfigMap tree, List<ConfigurationError> errors)
    {
        var before = errors.Count;
        var declared = tree.TryGetValue("$schema", out var d) ? d : tree;
        if (declared is not ConfigScalar { ScalarKind: ScalarKind.String } dialect)
        {
            errors.Add(ConfigurationError.At(declared.Origin, "$schema", $"$schema must be the URI of a JSON Schema draft, not {ValueText.Describe(declared)}"));
            return null;
        }

        if (!MetaSchemasById.TryGetValue(Normalize(dialect.StringValue!), out var meta))
        {
            errors.Add(ConfigurationError.At(dialect.Origin, "$schema",
                $"unsupported $schema '{dialect.StringValue}'; use {MetaSchemas.Draft202012Id} (draft 2020-12; 2019-09, draft-07 and draft-06 also work)"));
            return null;
        }

        var json = ConfigJsonWriter.ToJson(tree);
        using (var document = JsonDocument.Parse(json))
        {
            var result = meta.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
            if (!result.IsValid)
            {
                foreach (var (location, keyword, message) in Failures(result))
                {
                    var (path, node, _) = JsonPointerPath.Resolve(tree, location);
                    errors.Add(ConfigurationError.At(node.Origin, path.Text, $"not a valid JSON Schema: {message} ({keyword})"));
                }
            }
        }

        CheckRegexes(tree, ConfigPath.Root, parentKey: null, errors);
        if (errors.Count > before)
        {
            return null;
        }

        try
        {
            var schema = JsonSchema.FromText(json, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

            // References resolve lazily; one trial run surfaces a reference that cannot be resolved (Strata never fetches).
            using var probe = JsonDocument.Parse("{}");
            schema.Evaluate(probe.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag });
            return new JsonSchemaRules(schema, tree.Origin.Source, json);
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            errors.Add(ConfigurationError.At(dialect.Origin, string.Empty, "the JSON Schema cannot be used: " + ex.Message));
            return null;
        }
    }

    /// <summary>Evaluates the schema on a configuration; each failure is located at the offending value's origin.</summary>
    public List<ValidationError> Evaluate(ConfigMap root, SecretRedactor redactor)
    {
        var problems = new List<ValidationError>();
        using var document = JsonDocument.Parse(ConfigJsonWriter.ToJson(root));
        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (result.IsValid)
        {
            return problems;
        }

        var seen = new HashSet<(string, string)>();
        foreach (var (location, keyword, message) in Failures(result))
        {
            var (path, node, _) = JsonPointerPath.Resolve(root, location);
            var text = message;
            if (!path.IsRoot && redactor.IsSecret(path, node) && node is ConfigScalar s && s.AsText() is { Length: > 0 } secret)
            {
                text = text.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
            }

            if (seen.Add((path.Text, text)))
            {
                problems.Add(new ValidationError(path.Text, text, ErrorSeverity.Error, node.Origin) { Rule = "json-schema:" + keyword });
            }
        }

        return problems;
    }

    /// <summary>
    /// The errors of failing nodes reached only through failing nodes: a subschema that fails on purpose (inside
    /// <c>not</c>, an unmet <c>if</c>, a losing <c>anyOf</c> branch) sits under a passing node and is not reported.
    /// </summary>
    private static IEnumerable<(string Location, string Keyword, string Message)> Failures(EvaluationResults result)
    {
        if (result.IsValid)
        {
            yield break;
        }

        foreach (var (keyword, message) in result.Errors ?? new Dictionary<string, string>())
        {
            yield return (result.InstanceLocation.ToString(), keyword, message);
        }

        foreach (var detail in result.Details ?? [])
        {
            foreach (var failure in Failures(detail))
            {
                yield return failure;
            }
        }
    }

    /// <summary>Compiles every <c>pattern</c> and <c>patternProperties</c> key, so a bad regex is reported at its line.</summary>
    private static void CheckRegexes(ConfigNode node, ConfigPath path, string? parentKey, List<ConfigurationError> errors)
    {
        switch (node)
        {
            case ConfigMap map:
                foreach (var (key, child) in map)
                {
                    var childPath = path.Append(key);
                    var isKeyword = parentKey is not ("properties" or "patternProperties" or "$defs" or "definitions" or "dependentSchemas" or "dependentRequired");
                    if (isKeyword && key == "pattern" && child is ConfigScalar { ScalarKind: ScalarKind.String } p)
                    {
                        TryRegex(p.StringValue!, p.Origin, childPath.Text, errors);
                    }

                    if (isKeyword && key == "patternProperties" && child is ConfigMap patterns)
                    {
                        foreach (var (regex, value) in patterns)
                        {
                            TryRegex(regex, value.Origin, childPath.Append(regex).Text, errors);
                        }
                    }

                    CheckRegexes(child, childPath, isKeyword ? key : null, errors);
                }

                break;
            case ConfigSequence seq:
                for (var i = 0; i < seq.Count; i++)
                {
                    CheckRegexes(seq[i], path.Append(i), null, errors);
                }

                break;
        }
    }

    private static void TryRegex(string pattern, Origin origin, string path, List<ConfigurationError> errors) =>
        SchemaCompiler.CompileRegex(pattern, ValidationSchema.DefaultRegexTimeout, origin, path, "pattern", errors);

    private static string Normalize(string uri) => uri.TrimEnd('#').Replace("http://", "https://", StringComparison.Ordinal);
}
