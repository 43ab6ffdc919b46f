using CsCheck;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Serialization;

namespace Strata.Tests.Hierarchy;

public class MergeAllTests
{
    private static readonly Origin Here = new("gen.yaml", 1, 1, LayerKind.Global);

    private static readonly Gen<ConfigNode> Leaf = Gen.Frequency(
        (4, Generators.Scalar),
        (1, Gen.Const((ConfigNode)ConfigScalar.Delete(Here))));

    private static readonly Gen<ConfigMap> Layer = MapOf(2);

    private static readonly LayerKind[] Kinds = Enum.GetValues<LayerKind>();

    [Fact]
    public void Merging_all_layers_in_one_pass_equals_merging_them_one_by_one()
    {
        Layer.List[0, 6].Sample(generated =>
        {
            // Each layer's nodes carry their own layer in their origins, so a wrong winner shows.
            var layers = generated.Select((l, i) => (ConfigMap)l.WithLayer(Kinds[i % Kinds.Length])).ToList();
            var folded = layers.Count == 0 ? ConfigMap.Empty(Here) : layers.Skip(1).Aggregate((ConfigMap)ConfigMerger.StripDeleteMarkers(layers[0]), ConfigMerger.Merge);
            var onePass = ConfigMerger.MergeAll(layers, Here);

            // Same keys, same order, same values, same origins.
            Assert.Equal(ConfigJsonWriter.ToJson(folded), ConfigJsonWriter.ToJson(onePass));
            Assert.True(folded.ValueEquals(onePass));
            AssertSameShape(folded, onePass);
        });
    }

    [Fact]
    public void Merging_again_after_one_layer_changed_its_values_equals_merging_everything()
    {
        var shortcuts = 0;
        var reverted = 0;
        var replacement = Gen.Frequency((3, Leaf), (2, MapOf(1).Select(m => (ConfigNode)m)));
        Gen.Select(Layer.List[2, 6], Gen.Int[0, 5], replacement.Array[4], Gen.Bool.Array[4]).Sample((generated, pick, values, replace) =>
        {
            var layers = generated.Select((l, i) => (ConfigMap)l.WithLayer(Kinds[i % Kinds.Length])).ToList();
            var changed = pick % layers.Count;
            var before = layers[changed];

            // Same keys in the same order; some values replaced.
            var entries = before.Select((e, i) => replace[i % 4] ? new KeyValuePair<string, ConfigNode>(e.Key, values[i % 4].WithLayer(before.Origin.Layer)) : e);
            var next = layers.ToList();
            next[changed] = new ConfigMap(entries, before.Origin);

            var merged = ConfigMerger.MergeAll(layers, Here);
            var incremental = IncrementalMerge.TryMerge(layers, merged, next);

            // Knowing which layer owns each key changes nothing but where the merge looks.
            var owners = new KeyOwners();
            var withOwners = IncrementalMerge.TryMerge(layers, merged, next, owners);
            Assert.Equal(incremental is null, withOwners is null);
            if (incremental is null)
            {
                return;
            }

            shortcuts++;
            var full = ConfigMerger.MergeAll(next, Here);
            foreach (var result in new[] { incremental, withOwners! })
            {
                Assert.Equal(ConfigJsonWriter.ToJson(full), ConfigJsonWriter.ToJson(result));
                Assert.True(full.ValueEquals(result));
                AssertSameShape(full, result);
            }

            // The owners found for that merge serve the next one over the same stack: changing the layer back (which
            // merges in full only when a value put in was a !delete).
            if (IncrementalMerge.TryMerge(next, withOwners!, layers, owners) is { } back)
            {
                reverted++;
                Assert.Equal(ConfigJsonWriter.ToJson(merged), ConfigJsonWriter.ToJson(back));
                AssertSameShape(merged, back);
            }
        });

        // Most generated changes take the shortcut; the rest (a !delete at the top level) merge in full.
        Assert.True(shortcuts > 10, $"only {shortcuts} samples took the shortcut");
        Assert.True(reverted > 10, $"only {reverted} samples changed back with the shortcut");
    }

    [Fact]
    public void Merging_again_when_a_layer_gained_a_key_is_left_to_a_full_merge()
    {
        var lower = Parse.Json("{\"a\": 1}");
        var upper = Parse.Json("{\"b\": 2}", layer: LayerKind.Environment);
        var merged = ConfigMerger.MergeAll([lower, upper], Here);

        Assert.Null(IncrementalMerge.TryMerge([lower, upper], merged, [lower, Parse.Json("{\"b\": 2, \"c\": 3}", layer: LayerKind.Environment)]));
        Assert.Null(IncrementalMerge.TryMerge([lower, upper], merged, [lower, Parse.Json("{\"b\": null}", layer: LayerKind.Environment).SetItem("b", ConfigScalar.Delete(Here))]));
        Assert.Same(merged, IncrementalMerge.TryMerge([lower, upper], merged, [lower, upper]));

        // A key deleted below and set again above sits at the end; once the deletion goes, it moves back to the front.
        var deleting = Parse.Json("{\"a\": null, \"b\": {}}").SetItem("a", ConfigScalar.Delete(Here));
        var again = Parse.Json("{\"a\": 0}", layer: LayerKind.Environment);
        Assert.Null(IncrementalMerge.TryMerge([deleting, again], ConfigMerger.MergeAll([deleting, again], Here), [deleting.SetItem("a", ConfigScalar.Int(1, Here)), again]));
    }

    [Fact]
    public void Subtrees_no_higher_layer_touches_are_shared()
    {
        var lower = Parse.Json("{\"a\": {\"x\": 1}, \"b\": {\"y\": 2}}");
        var upper = Parse.Json("{\"b\": {\"y\": 3}}", layer: LayerKind.Environment);

        var merged = ConfigMerger.MergeAll([lower, upper], Here);

        Assert.True(lower.TryGetValue("a", out var a));
        Assert.True(merged.TryGetValue("a", out var mergedA));
        Assert.Same(a, mergedA);
        Assert.Same(lower, ConfigMerger.MergeAll([lower, Parse.Json("{}")], Here));
    }

    private static void AssertSameShape(ConfigNode expected, ConfigNode actual)
    {
        Assert.Equal(expected.Origin, actual.Origin);
        Assert.Equal(expected.IsSecret, actual.IsSecret);
        if (expected is ConfigMap e && actual is ConfigMap a)
        {
            Assert.Equal(e.Keys, a.Keys);
            for (var i = 0; i < e.Count; i++)
            {
                AssertSameShape(e[i].Value, a[i].Value);
            }
        }
    }

    private static Gen<ConfigMap> MapOf(int depth)
    {
        var key = Gen.String[Gen.Char['a', 'd'], 1, 1];
        var value = depth == 0
            ? Leaf
            : Gen.Frequency((3, Leaf), (2, MapOf(depth - 1).Select(m => (ConfigNode)m)), (1, Generators.Scalar.List[0, 2].Select(l => (ConfigNode)new ConfigSequence(l, Here))));
        return Gen.Select(key, value).List[0, 4].Select(entries => new ConfigMap(entries.Select(e => new KeyValuePair<string, ConfigNode>(e.Item1, e.Item2)), Here));
    }
}
