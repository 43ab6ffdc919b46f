using System.Runtime.CompilerServices;

namespace Strata.Model;

/// <summary>
/// Re-parsing a changed file yields a whole new tree. This puts the previous tree's nodes back wherever
/// nothing changed — same value, same origin, same secrecy — so successive versions share their unchanged
/// subtrees in memory, and diff and merge skip those subtrees by reference. A node whose origin moved (a
/// line inserted above it) is not reused: provenance stays exact.
/// </summary>
internal static class StructuralSharing
{
    /// <summary>Returns <paramref name="next"/> with every unchanged subtree replaced by the one from <paramref name="previous"/>.</summary>
    /// <param name="previous">The tree of the previous version of the same file.</param>
    /// <param name="next">The freshly parsed tree.</param>
    public static ConfigMap Reuse(ConfigMap previous, ConfigMap next) => (ConfigMap)Reuse((ConfigNode)previous, next);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ConfigNode Reuse(ConfigNode previous, ConfigNode next)
    {
        if (ReferenceEquals(previous, next))
        {
            return next;
        }

        return (previous, next) switch
        {
            (ConfigScalar p, ConfigScalar n) => SameScalar(p, n) ? p : n,
            (ConfigMap p, ConfigMap n) => ReuseMap(p, n),
            (ConfigSequence p, ConfigSequence n) => ReuseSequence(p, n),
            _ => next,
        };
    }

    private static bool SameScalar(ConfigScalar a, ConfigScalar b) =>
        a.ScalarKind == b.ScalarKind && a.IsSecret == b.IsSecret && a.IsQuoted == b.IsQuoted && a.SameOrigin(b)
        && (a.ScalarKind == ScalarKind.Float
            ? BitConverter.DoubleToInt64Bits(a.FloatValue) == BitConverter.DoubleToInt64Bits(b.FloatValue)
            : a.ValueEquals(b));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ConfigMap ReuseMap(ConfigMap previous, ConfigMap next)
    {
        var before = previous.Entries;
        var after = next.Entries;
        var samePrevious = before.Length == after.Length && previous.IsSecret == next.IsSecret && previous.SameOrigin(next);
        KeyValuePair<string, ConfigNode>[]? rebuilt = null;
        for (var i = 0; i < after.Length; i++)
        {
            var (key, child) = after[i];
            ConfigNode? old = i < before.Length && string.Equals(before[i].Key, key, StringComparison.Ordinal) ? before[i].Value : null;
            if (old is null)
            {
                samePrevious = false;
                previous.TryGetValue(key, out old);
            }

            var reused = old is null ? child : Reuse(old, child);
            samePrevious &= ReferenceEquals(reused, old);
            if (!ReferenceEquals(reused, child))
            {
                rebuilt ??= after.ToArray();
                rebuilt[i] = new(key, reused);
            }
        }

        return samePrevious ? previous : rebuilt is null ? next : next.WithValues(rebuilt);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ConfigSequence ReuseSequence(ConfigSequence previous, ConfigSequence next)
    {
        var before = previous.Items;
        var after = next.Items;
        var samePrevious = before.Length == after.Length && previous.IsSecret == next.IsSecret && previous.SameOrigin(next);
        ConfigNode[]? rebuilt = null;
        for (var i = 0; i < after.Length; i++)
        {
            var reused = i < before.Length ? Reuse(before[i], after[i]) : after[i];
            samePrevious &= i < before.Length && ReferenceEquals(reused, before[i]);
            if (!ReferenceEquals(reused, after[i]))
            {
                rebuilt ??= after.ToArray();
                rebuilt[i] = reused;
            }
        }

        return samePrevious ? previous : rebuilt is null ? next : next.WithItems(rebuilt);
    }
}
