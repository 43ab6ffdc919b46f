using Strata.Model;
using Strata.Snapshots;

namespace Strata.Tests.Reload;

/// <summary>
/// Compares two snapshots the way a reader can tell them apart: tree, origins, secrecy, content hash, keys in order,
/// every lookup by path, and where each value came from.
/// </summary>
internal static class SnapshotAgreement
{
    /// <summary>
    /// Fails unless <paramref name="actual"/> reads exactly as <paramref name="expected"/>. Lookups are compared for
    /// every path of either tree and for every path in <paramref name="pathsSeen"/> (paths of earlier versions, so a
    /// stale index entry shows), which this adds the paths of both trees to.
    /// </summary>
    public static void AssertSame(ConfigSnapshot expected, ConfigSnapshot actual, HashSet<string> pathsSeen, string context)
    {
        Check(NodeDifference(expected.Root, actual.Root, "(root)"), context);
        Check(expected.Root.ValueEquals(actual.Root) ? null : "the trees are not ValueEquals", context);
        Check(expected.ContentHash == actual.ContentHash ? null : $"content hash {actual.ContentHash} instead of {expected.ContentHash}", context);
        Check(expected.Keys.SequenceEqual(actual.Keys, StringComparer.Ordinal) ? null : $"keys [{string.Join(", ", actual.Keys)}] instead of [{string.Join(", ", expected.Keys)}]", context);
        Check(expected.Count == actual.Count ? null : $"count {actual.Count} instead of {expected.Count}", context);
        Check(expected.Environment == actual.Environment && expected.Agent == actual.Agent ? null : "environment or agent differ", context);

        AddPaths(expected.Root, ConfigPath.Root, pathsSeen);
        AddPaths(actual.Root, ConfigPath.Root, pathsSeen);
        foreach (var path in pathsSeen)
        {
            var found = expected.TryGetNode(path, out var expectedNode);
            Check(found == actual.TryGetNode(path, out var actualNode) ? null : $"TryGetNode(\"{path}\") is {!found} instead of {found}", context);
            Check(found == actual.Contains(path) ? null : $"Contains(\"{path}\") is {!found} instead of {found}", context);
            if (found)
            {
                Check(NodeDifference(expectedNode, actualNode, path), context);
            }

            var readable = expected.TryGet<string>(path, out var expectedText);
            Check(readable == actual.TryGet<string>(path, out var actualText) && expectedText == actualText ? null : $"TryGet<string>(\"{path}\") gives {actualText} instead of {expectedText}", context);
        }

        foreach (var key in expected.Keys)
        {
            var want = expected.Explain(key);
            var got = actual.Explain(key);
            Check(want.Winner == got.Winner ? null : $"Explain(\"{key}\") wins at {got.Winner} instead of {want.Winner}", context);
            Check(want.Path == got.Path ? null : $"Explain(\"{key}\") names {got.Path} instead of {want.Path}", context);
            Check(NodeDifference(want.Value, got.Value, key), context);
            Check(want.Overridden.Count == got.Overridden.Count ? null : $"Explain(\"{key}\") overrides {got.Overridden.Count} definitions instead of {want.Overridden.Count}", context);
            for (var i = 0; i < want.Overridden.Count; i++)
            {
                var (w, g) = (want.Overridden[i], got.Overridden[i]);
                Check(w.Layer == g.Layer && w.Source == g.Source ? null : $"Explain(\"{key}\") overridden #{i} is {g.Source} instead of {w.Source}", context);
                Check(NodeDifference(w.Value, g.Value, key), context);
            }
        }
    }

    /// <summary>Fails unless the two change lists name the same paths, kinds, values and origins, in the same order.</summary>
    public static void AssertSameChanges(IReadOnlyList<ConfigChange> expected, IReadOnlyList<ConfigChange> actual, string context)
    {
        Check(expected.Count == actual.Count ? null : $"{actual.Count} changes [{Describe(actual)}] instead of {expected.Count} [{Describe(expected)}]", context);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Check(e.Path == a.Path && e.Kind == a.Kind ? null : $"change #{i} is {a.Kind} {a.Path} instead of {e.Kind} {e.Path}", context);
            Check(NodeDifference(e.OldValue, a.OldValue, "old " + e.Path.Text), context);
            Check(NodeDifference(e.NewValue, a.NewValue, "new " + e.Path.Text), context);
        }
    }

    public static string Describe(IEnumerable<ConfigChange> changes) => string.Join(", ", changes.Select(c => $"{c.Kind} {c.Path}"));

    /// <summary>The first difference between two nodes (shape, value, origin, secrecy, quoting, key order), or null.</summary>
    public static string? NodeDifference(ConfigNode? expected, ConfigNode? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: {(expected is null ? "unexpected node" : "missing node")}";
        }

        if (expected.Origin != actual.Origin)
        {
            return $"{path}: origin {actual.Origin} ({actual.Origin.Layer}) instead of {expected.Origin} ({expected.Origin.Layer})";
        }

        if (expected.IsSecret != actual.IsSecret)
        {
            return $"{path}: IsSecret {actual.IsSecret} instead of {expected.IsSecret}";
        }

        switch (expected, actual)
        {
            case (ConfigScalar e, ConfigScalar a):
                var same = e.ScalarKind == a.ScalarKind && e.IsQuoted == a.IsQuoted && e.IsDeleteMarker == a.IsDeleteMarker && e.ValueEquals(a)
                    && (e.ScalarKind != ScalarKind.Float || BitConverter.DoubleToInt64Bits(e.FloatValue) == BitConverter.DoubleToInt64Bits(a.FloatValue));
                return same ? null : $"{path}: {a.TypeName} {a} (quoted {a.IsQuoted}) instead of {e.TypeName} {e} (quoted {e.IsQuoted})";
            case (ConfigMap e, ConfigMap a):
                if (!e.Select(p => p.Key).SequenceEqual(a.Select(p => p.Key), StringComparer.Ordinal))
                {
                    return $"{path}: keys [{string.Join(", ", a.Select(p => p.Key))}] instead of [{string.Join(", ", e.Select(p => p.Key))}]";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (NodeDifference(e[i].Value, a[i].Value, path + "/" + e[i].Key) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case (ConfigSequence e, ConfigSequence a):
                if (e.Count != a.Count)
                {
                    return $"{path}: {a.Count} items instead of {e.Count}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (NodeDifference(e[i], a[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return $"{path}: {actual.TypeName} instead of {expected.TypeName}";
        }
    }

    private static void AddPaths(ConfigNode node, ConfigPath at, HashSet<string> paths)
    {
        switch (node)
        {
            case ConfigMap map:
                foreach (var (key, child) in map)
                {
                    var path = at.Append(key);
                    paths.Add(path.Text);
                    AddPaths(child, path, paths);
                }

                break;
            case ConfigSequence seq:
                for (var i = 0; i < seq.Count; i++)
                {
                    var path = at.Append(i);
                    paths.Add(path.Text);
                    AddPaths(seq[i], path, paths);
                }

                break;
        }
    }

    private static void Check(string? difference, string context)
    {
        if (difference is not null)
        {
            Assert.Fail($"{context}: {difference}");
        }
    }
}
