using Strata.Model;

namespace Strata.Validation.Engine;

/// <summary>Follows a JSON Pointer (<c>/redis/port</c>, <c>/curriculum_phases/2/steps</c>) through a configuration tree.</summary>
internal static class JsonPointerPath
{
    /// <summary>Resolves as far as the pointer goes: the concrete path and node reached (the deepest existing one).</summary>
    public static (ConfigPath Path, ConfigNode Node, bool Complete) Resolve(ConfigNode root, string pointer)
    {
        var path = ConfigPath.Root;
        var node = root;
        if (string.IsNullOrEmpty(pointer) || pointer == "/")
        {
            return (path, node, true);
        }

        foreach (var raw in pointer.TrimStart('#').Split('/').Skip(1))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (node)
            {
                case ConfigMap map when map.TryGetValue(token, out var child):
                    path = path.Append(token);
                    node = child;
                    break;
                case ConfigSequence seq when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < seq.Count:
                    path = path.Append(i);
                    node = seq[i];
                    break;
                default:
                    return (path, node, false);
            }
        }

        return (path, node, true);
    }
}
