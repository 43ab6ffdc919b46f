using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Strata.Model;

namespace Strata.Extensions.Configuration;

/// <summary>
/// How a Strata tree appears through <c>IConfiguration</c>: <c>redis.port</c> becomes <c>redis:port</c>, list items
/// become indices (<c>curriculum_phases:0:steps</c>), and every value becomes the string
/// <c>ConfigurationBinder</c> converts back: integers and floats in invariant culture (infinities and NaN as .NET spells
/// them), booleans as <c>True</c>/<c>False</c> (what the JSON provider produces), strings as written, and null as null.
/// As with the .NET 10 JSON provider, an empty list is a key with the value <c>""</c> (so it exists, and binds to an
/// empty array), and an empty map is a key with a null value.
/// </summary>
public static class StrataConfigurationKeys
{
    /// <summary>Converts a Strata path (<c>curriculum_phases[0].steps</c>) to a configuration key (<c>curriculum_phases:0:steps</c>).</summary>
    /// <param name="path">The path.</param>
    public static string ToConfigurationKey(ConfigPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sb = new StringBuilder();
        foreach (var segment in path.Segments)
        {
            if (sb.Length > 0)
            {
                sb.Append(ConfigurationPath.KeyDelimiter);
            }

            if (segment.IsIndex)
            {
                sb.Append(segment.Index.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(segment.Key);
            }
        }

        return sb.ToString();
    }

    /// <summary>Converts a Strata path given as text (<c>redis.port</c>) to a configuration key (<c>redis:port</c>).</summary>
    /// <param name="path">A dot path; throws <see cref="FormatException"/> when malformed.</param>
    public static string ToConfigurationKey(string path) => ToConfigurationKey(ConfigPath.Parse(path));

    /// <summary>The configuration value of a scalar, or null for a null scalar.</summary>
    /// <param name="scalar">The scalar.</param>
    public static string? ToConfigurationValue(ConfigScalar scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        return scalar.ScalarKind switch
        {
            ScalarKind.Null => null,
            ScalarKind.Bool => scalar.BoolValue ? bool.TrueString : bool.FalseString,
            ScalarKind.Int => scalar.IntValue.ToString(CultureInfo.InvariantCulture),
            ScalarKind.Float when double.IsFinite(scalar.FloatValue) => ConfigScalar.FormatFloat(scalar.FloatValue),
            ScalarKind.Float => scalar.FloatValue.ToString(CultureInfo.InvariantCulture),
            _ => scalar.StringValue,
        };
    }

    /// <summary>
    /// Flattens a tree into configuration keys and values. Keys compare case-insensitively, as everywhere in
    /// <c>IConfiguration</c>, and <c>:</c> separates sections, so two values that would get the same key are refused,
    /// as the JSON provider refuses a duplicate key.
    /// </summary>
    /// <param name="node">The tree (usually a snapshot's root).</param>
    /// <param name="path">The path of <paramref name="node"/>; the root when null.</param>
    /// <exception cref="ConfigurationLoadException">
    /// Two values would have the same configuration key (<c>a: {b: 1}</c> next to <c>"a:b": 2</c>, or keys that differ
    /// only in case); one error per collision, at the later value, naming the earlier one's <c>file:line:column</c>.
    /// </exception>
    public static Dictionary<string, string?> Flatten(ConfigNode node, ConfigPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        path ??= ConfigPath.Root;
        if (!Add(data, node, path.IsRoot ? string.Empty : ToConfigurationKey(path)))
        {
            throw new ConfigurationLoadException(ConfigurationKeyCollisions.Find(node, path));
        }

        return data;
    }

    /// <summary>
    /// Finds the node a configuration key names (keys compare case-insensitively; numeric segments index lists).
    /// </summary>
    /// <param name="root">The tree.</param>
    /// <param name="key">A configuration key such as <c>redis:port</c>.</param>
    /// <param name="path">The Strata path of the node found.</param>
    /// <param name="node">The node found.</param>
    public static bool TryFind(ConfigMap root, string key, [NotNullWhen(true)] out ConfigPath? path, [NotNullWhen(true)] out ConfigNode? node)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(key);
        path = ConfigPath.Root;
        node = root;
        foreach (var part in key.Split(ConfigurationPath.KeyDelimiter))
        {
            switch (node)
            {
                case ConfigMap map when FindKey(map, part) is { } name:
                    node = map.TryGetValue(name, out var child) ? child : null;
                    path = path.Append(name);
                    break;
                case ConfigSequence seq when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < seq.Count:
                    node = seq[index];
                    path = path.Append(index);
                    break;
                default:
                    node = null;
                    break;
            }

            if (node is null)
            {
                path = null;
                return false;
            }
        }

        return !path.IsRoot;
    }

    private static string? FindKey(ConfigMap map, string key)
    {
        if (map.ContainsKey(key))
        {
            return key;
        }

        foreach (var candidate in map.Keys)
        {
            if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    // False when a key was already there: two values map to one configuration key.
    private static bool Add(Dictionary<string, string?> data, ConfigNode node, string key)
    {
        var distinct = true;
        switch (node)
        {
            case ConfigMap { Count: 0 } when key.Length > 0:
                distinct = data.TryAdd(key, null);
                break;
            case ConfigSequence { Count: 0 } when key.Length > 0:
                distinct = data.TryAdd(key, string.Empty);
                break;
            case ConfigMap map:
                foreach (var (name, child) in map)
                {
                    distinct &= Add(data, child, key.Length == 0 ? name : key + ConfigurationPath.KeyDelimiter + name);
                }

                break;
            case ConfigSequence seq:
                for (var i = 0; i < seq.Count; i++)
                {
                    distinct &= Add(data, seq[i], key + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case ConfigScalar scalar when key.Length > 0:
                distinct = data.TryAdd(key, ToConfigurationValue(scalar));
                break;
        }

        return distinct;
    }
}
