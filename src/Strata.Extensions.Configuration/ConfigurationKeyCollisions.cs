using System.Globalization;
using Microsoft.Extensions.Configuration;
using Strata.Model;

namespace Strata.Extensions.Configuration;

/// <summary>
/// Finds values that would share one configuration key: <c>a: {b: 1}</c> next to <c>"a:b": 2</c> both become
/// <c>a:b</c>, because <c>:</c> separates sections and keys compare case-insensitively in <c>IConfiguration</c>.
/// Walked only when flattening has already seen a collision, so the paths and origins it keeps cost nothing otherwise.
/// </summary>
internal static class ConfigurationKeyCollisions
{
    /// <summary>One error per collision, at the later value, naming the earlier one's path and <c>file:line:column</c>.</summary>
    /// <param name="node">The tree that was flattened.</param>
    /// <param name="path">Its path.</param>
    public static List<ConfigurationError> Find(ConfigNode node, ConfigPath path)
    {
        var first = new Dictionary<string, (ConfigPath Path, Origin Origin)>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<ConfigurationError>();
        Walk(node, path, path.IsRoot ? string.Empty : StrataConfigurationKeys.ToConfigurationKey(path), first, errors);
        return errors;
    }

    private static void Walk(ConfigNode node, ConfigPath path, string key, Dictionary<string, (ConfigPath Path, Origin Origin)> first, List<ConfigurationError> errors)
    {
        switch (node)
        {
            case ConfigMap { Count: > 0 } map:
                foreach (var (name, child) in map)
                {
                    Walk(child, path.Append(name), key.Length == 0 ? name : key + ConfigurationPath.KeyDelimiter + name, first, errors);
                }

                return;
            case ConfigSequence { Count: > 0 } seq:
                for (var i = 0; i < seq.Count; i++)
                {
                    Walk(seq[i], path.Append(i), key + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture), first, errors);
                }

                return;
        }

        if (key.Length == 0)
        {
            return;
        }

        if (first.TryGetValue(key, out var earlier))
        {
            errors.Add(ConfigurationError.At(node.Origin, path.Text, string.Create(
                CultureInfo.InvariantCulture,
                $"the configuration key '{key}' is also the key of '{earlier.Path.Text}' at {earlier.Origin}; ':' separates sections and keys are case-insensitive in .NET configuration, so the two cannot both be read")));
        }
        else
        {
            first.Add(key, (path, node.Origin));
        }
    }
}
