using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>
/// For a stack of layers whose top-level keys stay the same from one incremental merge to the next, the one layer that
/// has each top-level key (or none, when several have it). Built on first use, so re-merging a key that one layer owns
/// looks in that layer only, instead of in every layer of the stack.
/// </summary>
internal sealed class KeyOwners
{
    private const int Several = -1;

    private Dictionary<string, int>? _owners;

    /// <summary>The index of the only layer with <paramref name="key"/>; -1 when several have it or none does.</summary>
    /// <param name="layers">The stack; its top-level keys must be those it had when this was first used.</param>
    /// <param name="key">A top-level key.</param>
    public int OwnerOf(IReadOnlyList<ConfigMap> layers, string key)
    {
        var owners = _owners ??= Build(layers);
        return owners.TryGetValue(key, out var owner) ? owner : Several;
    }

    private static Dictionary<string, int> Build(IReadOnlyList<ConfigMap> layers)
    {
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < layers.Count; i++)
        {
            foreach (var (key, _) in layers[i].Entries)
            {
                if (!owners.TryAdd(key, i))
                {
                    owners[key] = Several;
                }
            }
        }

        return owners;
    }
}
