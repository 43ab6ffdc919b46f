using Strata.Model;

namespace Strata.Sources;

/// <summary>
/// Builds the command-line layer from <c>--set key=value</c> pairs. The key is a path in the grammar of
/// <see cref="ConfigPath"/> (<c>redis.port</c>, <c>phases[0].steps</c>, <c>`a=b`.c</c>) and ends at the first
/// <c>=</c> outside backticks; the value is typed with the YAML core schema, and a value
/// starting with <c>[</c> or <c>{</c> is read as a YAML flow list or map.
/// </summary>
internal static class CommandLineOverrides
{
    /// <summary>The origin source of command-line values.</summary>
    public const string SourceName = "cli";

    /// <summary>Parses the pairs. Throws <see cref="ConfigurationLoadException"/> for a malformed pair or path.</summary>
    /// <param name="assignments">Pairs as written, <c>key=value</c>.</param>
    public static ConfigMap Build(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var layer = ConfigMap.Empty(new Origin(SourceName, 0, 0, LayerKind.CommandLine));
        var position = 0;
        foreach (var assignment in assignments)
        {
            position++;
            var origin = new Origin(SourceName, 0, position, LayerKind.CommandLine);
            var eq = PathSyntax.IndexOutsideQuotes(assignment, "=");
            if (eq <= 0)
            {
                throw Error(origin, string.Empty, $"--set '{assignment}': expected key=value");
            }

            var keyText = assignment[..eq].Trim();
            if (!ConfigPath.TryParse(keyText, out var path, out var error))
            {
                throw Error(origin, string.Empty, "--set " + error);
            }

            var valueText = assignment[(eq + 1)..];
            var value = ParseValue(valueText, origin, path);
            try
            {
                layer = ConfigTree.Set(layer, path, value, origin);
            }
            catch (InvalidOperationException ex)
            {
                throw Error(origin, path.Text, ex.Message);
            }
        }

        return layer;
    }

    private static ConfigNode ParseValue(string text, Origin origin, ConfigPath path)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('[') || trimmed.StartsWith('{'))
        {
            try
            {
                var doc = YamlConfigParser.Parse("v: " + trimmed, SourceName, LayerKind.CommandLine);
                return Reorigin(doc[0].Value, origin);
            }
            catch (ConfigurationLoadException ex)
            {
                throw Error(origin, path.Text, $"--set value '{text}' is not a valid YAML flow value: {ex.Errors[0].Message}");
            }
        }

        return ScalarTyping.TryResolve(text, origin, isSecret: false, out var typed, out var error)
            ? typed
            : throw Error(origin, path.Text, error);
    }

    private static ConfigNode Reorigin(ConfigNode node, Origin origin) => node switch
    {
        ConfigScalar s => s.WithOrigin(origin),
        ConfigMap m => new ConfigMap(m.Select(e => new KeyValuePair<string, ConfigNode>(e.Key, Reorigin(e.Value, origin))), origin),
        ConfigSequence q => new ConfigSequence(q.Select(i => Reorigin(i, origin)), origin),
        _ => node,
    };

    private static ConfigurationLoadException Error(Origin origin, string path, string message) =>
        new(new ConfigurationError(SourceName, 0, 0, path, message));
}
