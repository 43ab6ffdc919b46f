using Strata.Model;

namespace Strata.Sources;

/// <summary>
/// Marks a node and everything under it secret, with an explicit stack so that no depth of nesting
/// can overflow the call stack.
/// </summary>
internal static class SecretMarker
{
    /// <summary>The node with itself and all its descendants marked secret.</summary>
    /// <param name="node">The node.</param>
    public static ConfigNode Mark(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is ConfigScalar scalar)
        {
            return scalar.IsSecret ? scalar : scalar.WithSecret(true);
        }

        // Post-order: a collection is rebuilt once all its children are marked.
        var pending = new Stack<(ConfigNode Node, int Next, ConfigNode[] Children)>();
        pending.Push((node, 0, new ConfigNode[ChildCount(node)]));
        ConfigNode? finished = null;
        while (true)
        {
            var (current, next, children) = pending.Pop();
            if (finished is not null)
            {
                children[next - 1] = finished;
                finished = null;
            }

            if (next < children.Length)
            {
                var child = ChildAt(current, next);
                pending.Push((current, next + 1, children));
                if (child is ConfigScalar s)
                {
                    finished = s.IsSecret ? s : s.WithSecret(true);
                }
                else
                {
                    pending.Push((child, 0, new ConfigNode[ChildCount(child)]));
                }

                continue;
            }

            finished = Rebuild(current, children);
            if (pending.Count == 0)
            {
                return finished;
            }
        }
    }

    private static int ChildCount(ConfigNode node) => node switch
    {
        ConfigMap m => m.Count,
        ConfigSequence q => q.Count,
        _ => 0,
    };

    private static ConfigNode ChildAt(ConfigNode node, int index) => node switch
    {
        ConfigMap m => m[index].Value,
        ConfigSequence q => q[index],
        _ => throw new InvalidOperationException("a scalar has no children"),
    };

    private static ConfigNode Rebuild(ConfigNode node, ConfigNode[] children) => node switch
    {
        ConfigMap m => new ConfigMap(children.Select((c, i) => new KeyValuePair<string, ConfigNode>(m[i].Key, c)), m.Origin).WithSecretFlag(true),
        ConfigSequence q => ConfigSequence.FromItems(children, q.Origin).WithSecretFlag(true),
        _ => node,
    };
}
