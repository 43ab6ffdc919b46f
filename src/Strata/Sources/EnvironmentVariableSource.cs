using System.Collections;
using System.Globalization;
using Strata.Model;

namespace Strata.Sources;

/// <summary>
/// Builds the environment-variable layer: <c>STRATA__REDIS__PORT=7000</c> sets <c>redis.port</c> to 7000.
/// Segments after the prefix are separated by <c>__</c>, and each is one key, never split further: a dot stays
/// in the key (<c>STRATA__X.Y=1</c> sets the key <c>x.y</c>, path <c>`x.y`</c>). Each matches an existing key
/// case-insensitively (else it is lower-cased). A segment of digits selects an item of a list that exists
/// below and is long enough; anywhere else it is a key (<c>STRATA__PORTS__0</c> sets the key <c>0</c> when
/// there is no such list). Values are typed with the YAML core schema.
/// </summary>
internal static class EnvironmentVariableSource
{
    /// <summary>The default prefix.</summary>
    public const string DefaultPrefix = "STRATA__";

    /// <summary>Reads the process environment.</summary>
    public static IReadOnlyDictionary<string, string> ProcessVariables()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>Builds the layer from the variables that start with <paramref name="prefix"/>.</summary>
    /// <param name="variables">The variables.</param>
    /// <param name="prefix">The prefix, e.g. <c>STRATA__</c>; matched case-insensitively.</param>
    /// <param name="below">The merged layers beneath, used to match key spelling and lists.</param>
    public static ConfigMap Build(IReadOnlyDictionary<string, string> variables, string prefix, ConfigMap below)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(below);
        var layer = ConfigMap.Empty(new Origin("env", 0, 0, LayerKind.EnvironmentVariables));
        foreach (var (name, value) in variables.Where(v => v.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var parts = name[prefix.Length..].Split("__");
            if (parts.Length == 0 || parts.Any(p => p.Length == 0))
            {
                continue;
            }

            var origin = new Origin("env:" + name, 0, 0, LayerKind.EnvironmentVariables);
            var path = Resolve(parts, below);
            if (!ScalarTyping.TryResolve(value, origin, isSecret: false, out var typed, out var typingError))
            {
                throw new ConfigurationLoadException(ConfigurationError.At(origin, path.Text, typingError));
            }

            try
            {
                layer = SeedLists(layer, path, below);
                layer = ConfigTree.Set(layer, path, typed, origin);
            }
            catch (InvalidOperationException ex)
            {
                throw new ConfigurationLoadException(ConfigurationError.At(origin, path.Text, ex.Message));
            }
        }

        return layer;
    }

    // A list is replaced whole by a higher layer, so setting one item starts from the list below.
    private static ConfigMap SeedLists(ConfigMap layer, ConfigPath path, ConfigMap below)
    {
        for (var k = 1; k < path.Segments.Length; k++)
        {
            if (path.Segments[k].IsIndex)
            {
                var listPath = ConfigPath.FromSegments(path.Segments[..k]);
                if (!ConfigTree.TryGet(layer, listPath, out _) && ConfigTree.TryGet(below, listPath, out var list))
                {
                    layer = ConfigTree.Set(layer, listPath, list);
                }
            }
        }

        return layer;
    }

    private static ConfigPath Resolve(string[] parts, ConfigMap below)
    {
        var path = ConfigPath.Root;
        ConfigNode? at = below;
        foreach (var part in parts)
        {
            if (at is ConfigSequence seq && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < seq.Count)
            {
                path = path.Append(index);
                at = seq[index];
                continue;
            }

            var key = part.ToLowerInvariant();
            if (at is ConfigMap map)
            {
                key = map.Keys.FirstOrDefault(k => string.Equals(k, part, StringComparison.OrdinalIgnoreCase)) ?? key;
                at = map.TryGetValue(key, out var child) ? child : null;
            }
            else
            {
                at = null;
            }

            path = path.Append(key);
        }

        return path;
    }
}
