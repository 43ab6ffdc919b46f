using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Strata.Serialization;
using Strata.Validation.Engine;

namespace Strata.Validation;

/// <summary>
/// Turns a rule schema into a JSON Schema (draft 2020-12), so editors — the VS Code YAML extension, JetBrains IDEs —
/// check and complete configuration files while people type. Key rules become <c>properties</c>, <c>items</c>,
/// <c>required</c>, <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>minItems</c>, <c>pattern</c>, <c>enum</c>,
/// <c>dependentRequired</c>; cross-field rules and C# checks cannot be expressed and are listed in <c>$comment</c>.
/// </summary>
internal static class JsonSchemaExporter
{
    /// <summary>The dialect written.</summary>
    public const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Exports a validator's schema as JSON text: generated from a rule schema, or the JSON Schema itself.</summary>
    /// <param name="validator">The validator.</param>
    /// <param name="options">Settings.</param>
    public static string Export(ConfigurationValidator validator, JsonSchemaExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (validator.Schema is { } rules)
        {
            return Export(rules, options);
        }

        var text = validator.JsonRules!.Text ?? validator.JsonSchema!.Root.Source.GetRawText();
        return JsonNode.Parse(text)!.ToJsonString(Indented);
    }

    /// <summary>Exports a rule schema as indented JSON text.</summary>
    /// <param name="schema">The rule schema.</param>
    /// <param name="options">Settings.</param>
    public static string Export(ValidationSchema schema, JsonSchemaExportOptions? options = null) =>
        ToJsonSchema(schema, options).ToJsonString(Indented);

    /// <summary>Exports a rule schema as a JSON object.</summary>
    /// <param name="schema">The rule schema.</param>
    /// <param name="options">Settings.</param>
    public static JsonObject ToJsonSchema(ValidationSchema schema, JsonSchemaExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        options ??= JsonSchemaExportOptions.Default;
        var closed = options.Strict || schema.UnknownKeys == UnknownKeyPolicy.Error;
        var root = new JsonObject
        {
            ["$schema"] = Draft202012,
            ["title"] = options.Title,
        };
        if (schema.Description is { } description)
        {
            root["description"] = description;
        }

        var body = Build(schema.Compiled.Trie, options, closed);
        body.Remove("type");
        root["type"] = "object";
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            root[key] = value;
        }

        if (!options.Overlay)
        {
            var dependencies = new JsonArray();
            foreach (var rule in schema.Keys)
            {
                foreach (var required in rule.Requires)
                {
                    if (!IsSibling(rule.Key, required) && Exists(rule.Key, mustNotBeNull: true) is { } ifPresent && Exists(required, mustNotBeNull: false) is { } thenPresent)
                    {
                        dependencies.Add((JsonNode)new JsonObject { ["if"] = ifPresent, ["then"] = thenPresent });
                    }
                }
            }

            if (dependencies.Count > 0)
            {
                root["allOf"] = root["allOf"] is JsonArray existing ? Concat(existing, dependencies) : dependencies;
            }
        }

        var notes = schema.Rules.Select(r => $"{r.Name ?? "rule"}: {r.Check}{(r.When is null ? string.Empty : $" (when {r.When})")}").ToList();
        if (schema.Keys.Any(k => k.Validators.Count > 0 || k.CustomNames.Count > 0) || schema.Checks.Count > 0)
        {
            notes.Add("custom checks written in C#");
        }

        if (notes.Count > 0)
        {
            root["$comment"] = "Also checked by 'strata validate', not expressible in JSON Schema: " + string.Join("; ", notes);
        }

        return root;
    }

    private static JsonObject Build(SchemaTrieNode node, JsonSchemaExportOptions options, bool closed)
    {
        var obj = new JsonObject();
        if (node.HasKeyChildren)
        {
            obj["type"] = "object";
            var properties = new JsonObject();
            var required = new JsonArray();
            var dependent = new JsonObject();
            foreach (var (key, child) in node.Keys)
            {
                properties[key] = Build(child, options, closed);
                if (!options.Overlay && MustBePresent(child))
                {
                    required.Add((JsonNode)key);
                }

                if (!options.Overlay)
                {
                    var siblings = child.Rules.SelectMany(r => r.Rule.Requires.Where(q => IsSibling(r.Rule.Key, q))).Select(q => q.Segments[^1].Key!).Distinct(StringComparer.Ordinal).ToList();
                    if (siblings.Count > 0)
                    {
                        dependent[key] = new JsonArray([.. siblings.Select(s => (JsonNode)s)]);
                    }
                }
            }

            if (properties.Count > 0)
            {
                obj["properties"] = properties;
            }

            if (node.AnyKey is { } any)
            {
                if (node.Keys.Count == 0)
                {
                    obj["additionalProperties"] = Build(any, options, closed);
                }
                else
                {
                    obj["patternProperties"] = new JsonObject { ["^"] = Build(any, options, closed) };
                }
            }
            else if (node.IsExplicitlyClosed || (closed && !node.IsOpen))
            {
                obj["additionalProperties"] = false;
            }

            if (required.Count > 0)
            {
                obj["required"] = required;
            }

            if (dependent.Count > 0)
            {
                obj["dependentRequired"] = dependent;
            }
        }

        if (node.HasIndexChildren)
        {
            obj["type"] = node.HasKeyChildren ? new JsonArray("object", "array") : "array";
            if (node.Indices.Count > 0)
            {
                var prefix = new JsonArray();
                for (var i = 0; i <= node.Indices.Keys.Max(); i++)
                {
                    prefix.Add((JsonNode)(node.Indices.TryGetValue(i, out var item) ? Build(item, options, closed) : new JsonObject()));
                }

                obj["prefixItems"] = prefix;
                var requiredItems = node.Indices.Where(e => e.Value.Rules.Any(r => r.Rule.Required)).Select(e => e.Key + 1).DefaultIfEmpty(0).Max();
                if (!options.Overlay && requiredItems > 0)
                {
                    obj["minItems"] = requiredItems;
                }
            }

            if (node.AnyIndex is { } anyItem)
            {
                obj["items"] = Build(anyItem, options, closed);
            }
        }

        var keywords = node.Rules.Select(RuleKeywords).Where(k => k.Count > 0).ToList();
        if (keywords.Count == 1)
        {
            foreach (var (key, value) in keywords[0].ToList())
            {
                keywords[0].Remove(key);
                obj[key] = value;
            }
        }
        else if (keywords.Count > 1)
        {
            if (keywords.All(k => k.ContainsKey("type")))
            {
                obj.Remove("type");
            }

            obj["allOf"] = new JsonArray([.. keywords.Select(k => (JsonNode)k)]);
        }

        return obj;
    }

    /// <summary>A key must be present when a rule requires it or any key declared (by name) beneath it.</summary>
    private static bool MustBePresent(SchemaTrieNode node) => node.Rules.Any(r => r.Rule.Required) || node.Keys.Values.Any(MustBePresent);

    private static JsonObject RuleKeywords(CompiledKeyRule compiled)
    {
        var rule = compiled.Rule;
        var obj = new JsonObject();
        var types = compiled.Types.Select(JsonType).ToList();
        if (types.Count > 0)
        {
            if (rule.Nullable)
            {
                types.Add("null");
            }

            types = [.. types.Distinct(StringComparer.Ordinal)];
            obj["type"] = types.Count == 1 ? types[0] : new JsonArray([.. types.Select(t => (JsonNode)t)]);
        }

        var description = rule.Description;
        if (rule.Deprecated is { } deprecated)
        {
            obj["deprecated"] = true;
            description = (description is null ? string.Empty : description + " ") + "Deprecated: " + deprecated;
        }

        if (description is not null)
        {
            obj["description"] = description;
        }

        AddNumber(obj, "minimum", rule.Minimum);
        AddNumber(obj, "maximum", rule.Maximum);
        AddNumber(obj, "exclusiveMinimum", rule.ExclusiveMinimum);
        AddNumber(obj, "exclusiveMaximum", rule.ExclusiveMaximum);
        bool Has(ConfigValueType t) => compiled.Types.Count == 0 || compiled.Types.Contains(t);
        foreach (var (bound, suffix) in new[] { (rule.MinLength, "min"), (rule.MaxLength, "max") })
        {
            if (bound is not { } n)
            {
                continue;
            }

            if (Has(ConfigValueType.String))
            {
                obj[suffix + "Length"] = n;
            }

            if (Has(ConfigValueType.List))
            {
                obj[suffix + "Items"] = n;
            }

            if (Has(ConfigValueType.Map))
            {
                obj[suffix + "Properties"] = n;
            }
        }

        if (rule.Pattern is { } pattern)
        {
            obj["pattern"] = pattern;
        }

        if (rule.Allowed is { } allowed)
        {
            var values = new JsonArray([.. allowed.Select(a => JsonNode.Parse(ConfigJsonWriter.ToJson(a)))]);
            if (rule.Nullable && !allowed.Any(a => a is Model.ConfigScalar { ScalarKind: Model.ScalarKind.Null }))
            {
                values.Add(null);
            }

            obj["enum"] = values;
        }

        return obj;
    }

    private static string JsonType(ConfigValueType type) => type switch
    {
        ConfigValueType.String => "string",
        ConfigValueType.Int => "integer",
        ConfigValueType.Float => "number",
        ConfigValueType.Bool => "boolean",
        ConfigValueType.List => "array",
        _ => "object",
    };

    private static void AddNumber(JsonObject obj, string name, double? value)
    {
        if (value is not { } v)
        {
            return;
        }

        obj[name] = Math.Floor(v) == v && Math.Abs(v) < 1e15 ? JsonValue.Create((long)v) : JsonValue.Create(v);
    }

    private static bool IsSibling(KeyPattern key, KeyPattern other) =>
        key.Segments.Length == other.Segments.Length
        && key.Segments[^1].Kind == PatternSegmentKind.Key && other.Segments[^1].Kind == PatternSegmentKind.Key
        && key.Parent.Equals(other.Parent);

    /// <summary>A schema that holds when the (wildcard-free, key-only) path is present; null when it cannot be expressed.</summary>
    private static JsonObject? Exists(KeyPattern path, bool mustNotBeNull)
    {
        if (path.HasWildcards || path.Segments.Any(s => s.Kind != PatternSegmentKind.Key))
        {
            return null;
        }

        JsonObject? inner = null;
        for (var i = path.Segments.Length - 1; i >= 0; i--)
        {
            var key = path.Segments[i].Key!;
            var level = new JsonObject { ["required"] = new JsonArray(key) };
            var child = inner ?? (mustNotBeNull ? new JsonObject { ["not"] = new JsonObject { ["type"] = "null" } } : null);
            if (child is not null)
            {
                level["properties"] = new JsonObject { [key] = child };
            }

            inner = level;
        }

        return inner;
    }

    private static JsonArray Concat(JsonArray first, JsonArray second)
    {
        var result = new JsonArray();
        foreach (var item in first.Concat(second).ToList())
        {
            item?.Parent?.AsArray().Remove(item);
            result.Add(item);
        }

        return result;
    }
}
