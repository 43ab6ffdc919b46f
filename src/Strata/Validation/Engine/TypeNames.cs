using Strata.Model;

namespace Strata.Validation.Engine;

/// <summary>The type names schema files use, and how a node's type is checked against them.</summary>
internal static class TypeNames
{
    public static IReadOnlyDictionary<string, ConfigValueType> ByName { get; } = new Dictionary<string, ConfigValueType>(StringComparer.Ordinal)
    {
        ["any"] = ConfigValueType.Any,
        ["string"] = ConfigValueType.String,
        ["int"] = ConfigValueType.Int,
        ["float"] = ConfigValueType.Float,
        ["bool"] = ConfigValueType.Bool,
        ["list"] = ConfigValueType.List,
        ["map"] = ConfigValueType.Map,
    };

    public static string Known => string.Join(", ", ByName.Keys);

    public static string Name(ConfigValueType type) => type switch
    {
        ConfigValueType.Any => "any",
        ConfigValueType.String => "string",
        ConfigValueType.Int => "int",
        ConfigValueType.Float => "float",
        ConfigValueType.Bool => "bool",
        ConfigValueType.List => "list",
        _ => "map",
    };

    /// <summary>True when the node has one of the types (empty accepts all). Whole numbers pass as floats.</summary>
    public static bool Matches(ConfigNode node, IReadOnlyList<ConfigValueType> types)
    {
        if (types.Count == 0)
        {
            return true;
        }

        foreach (var type in types)
        {
            var ok = type switch
            {
                ConfigValueType.Any => true,
                ConfigValueType.String => node is ConfigScalar { ScalarKind: ScalarKind.String },
                ConfigValueType.Int => node is ConfigScalar { ScalarKind: ScalarKind.Int },
                ConfigValueType.Float => node is ConfigScalar { IsNumber: true },
                ConfigValueType.Bool => node is ConfigScalar { ScalarKind: ScalarKind.Bool },
                ConfigValueType.List => node is ConfigSequence,
                _ => node is ConfigMap,
            };
            if (ok)
            {
                return true;
            }
        }

        return false;
    }
}
