using System.Diagnostics.CodeAnalysis;
using Strata.Model;
using Strata.Secrets;

namespace Strata.Migration;

/// <summary>
/// When a transformation applies. In a script it is a map of dot paths to expected values, all of which must
/// match; the reserved keys <c>$exists</c> and <c>$absent</c> take a path or a list of paths that must be present
/// (with any value, <c>null</c> included) or absent:
/// <code>
/// condition:
///   database.type: sqlite          # equal to this value
///   $exists: legacy.mode           # present, whatever its value
///   $absent: [redis, cache.redis]  # not present at all
/// </code>
/// A path that is absent never equals an expected value, not even <c>null</c>. Numbers compare by value
/// (<c>1</c> equals <c>1.0</c>); other values must match in type and value.
/// </summary>
/// <param name="Expected">Paths and the values they must have.</param>
/// <param name="Exists">Paths that must be present.</param>
/// <param name="Absent">Paths that must be absent.</param>
public sealed record MigrationCondition(
    IReadOnlyList<KeyValuePair<ConfigPath, ConfigNode>> Expected,
    IReadOnlyList<ConfigPath> Exists,
    IReadOnlyList<ConfigPath> Absent)
{
    /// <summary>The reserved condition key for "these paths are present".</summary>
    public const string ExistsKey = "$exists";

    /// <summary>The reserved condition key for "these paths are absent".</summary>
    public const string AbsentKey = "$absent";

    /// <summary>Evaluates the condition against a configuration.</summary>
    /// <param name="config">The configuration (one layer).</param>
    /// <param name="reason">When not met, why, in words (secret values print as <c>***</c>).</param>
    /// <param name="redactor">Decides which values are secret; <see cref="SecretRedactor.Default"/> when null.</param>
    public bool IsMet(ConfigNode config, [NotNullWhen(false)] out string? reason, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        redactor ??= SecretRedactor.Default;
        foreach (var (path, expected) in Expected)
        {
            if (!ConfigTree.TryGet(config, path, out var actual))
            {
                reason = $"condition not met: '{path}' is absent (expected {Describe(path, expected, redactor)})";
                return false;
            }

            if (!ValuesMatch(actual, expected))
            {
                reason = $"condition not met: '{path}' is {Describe(path, actual, redactor)}, expected {Describe(path, expected, redactor)}";
                return false;
            }
        }

        foreach (var path in Exists)
        {
            if (!ConfigTree.TryGet(config, path, out _))
            {
                reason = $"condition not met: '{path}' is absent ({ExistsKey})";
                return false;
            }
        }

        foreach (var path in Absent)
        {
            if (ConfigTree.TryGet(config, path, out _))
            {
                reason = $"condition not met: '{path}' is present ({AbsentKey})";
                return false;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>Compares a configuration value with an expected one: numbers by value, everything else by type and value.</summary>
    /// <param name="actual">The value found.</param>
    /// <param name="expected">The value expected.</param>
    public static bool ValuesMatch(ConfigNode actual, ConfigNode expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (actual is ConfigScalar { IsNumber: true } a && expected is ConfigScalar { IsNumber: true } e)
        {
            return a.ScalarKind == e.ScalarKind ? a.ValueEquals(e) : a.FloatValue.Equals(e.FloatValue);
        }

        return actual.ValueEquals(expected);
    }

    internal static string Describe(ConfigPath path, ConfigNode node, SecretRedactor redactor)
    {
        if (node is not ConfigMap && redactor.IsSecret(path, node))
        {
            return SecretRedactor.Mask;
        }

        return node switch
        {
            ConfigScalar { ScalarKind: ScalarKind.String } s => "'" + s.StringValue + "'",
            ConfigScalar s => s.AsText() ?? "null",
            _ => Serialization.ConfigJsonWriter.ToJson(node, redactor, path: path),
        };
    }
}
