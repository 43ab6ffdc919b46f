using CsCheck;
using Strata.Migration;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Migration;

/// <summary>Properties of the writer that rewrites migrated YAML files.</summary>
public sealed class YamlRoundTripPropertyTests
{
    private static readonly Origin O = new("x.yaml", 1, 1, LayerKind.Global);

    private static readonly Gen<ConfigNode> Scalar = Gen.OneOf(
        Gen.Long.Select(i => (ConfigNode)ConfigScalar.Int(i, O)),
        Gen.Double.Where(double.IsFinite).Select(d => (ConfigNode)ConfigScalar.Float(d, O)),
        Gen.Bool.Select(b => (ConfigNode)ConfigScalar.Bool(b, O)),
        Gen.Const((ConfigNode)ConfigScalar.Null(O)),
        Gen.OneOf("plain", "true", "123", "1.5", "", " padded ", "a: b", "#hash", "- dash", "${VAR}", "multi\nline\n", "it's", "\"q\"", "null", "~", "0x1F", "ünïcødé", "[x]", "{y}")
            .Select(s => (ConfigNode)ConfigScalar.String(s, O)),
        Gen.OneOf("hunter2", "${SECRET}").Select(s => (ConfigNode)ConfigScalar.String(s, O, isSecret: true)),
        Gen.Const((ConfigNode)ConfigScalar.String("${QUOTED}", O, isQuoted: true)),
        Gen.Const((ConfigNode)ConfigScalar.Delete(O)));

    private static readonly Gen<string> Key = Gen.OneOf("a", "b", "key with space", "true", "1", "x.y", "k");

    private static Gen<ConfigNode> Node(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Map(depth - 1).Select(m => (ConfigNode)m)),
            (1, Node(depth - 1).Array[0, 3].Select(items => (ConfigNode)new ConfigSequence(items, O))));

    private static Gen<ConfigMap> Map(int depth) =>
        Gen.Select(Key, Node(depth)).Array[0, 4].Select(e => new ConfigMap(e.Select(p => new KeyValuePair<string, ConfigNode>(p.Item1, p.Item2)), O));

    [Fact]
    public void Any_tree_is_written_so_that_it_reads_back_the_same()
    {
        Map(3).Sample(tree =>
        {
            var (text, _) = LayoutPreservingYamlWriter.Write(tree, tree, null, []);
            var back = YamlConfigParser.Parse(text, "x.yaml", LayerKind.Global);
            return back.ValueEquals(tree) && SameFlags(back, tree);
        }, iter: 1000);
    }

    private static bool SameFlags(ConfigNode a, ConfigNode b) => (a, b) switch
    {
        (ConfigMap x, ConfigMap y) => x.All(e => y.TryGetValue(e.Key, out var v) && SameFlags(e.Value, v)),
        (ConfigSequence x, ConfigSequence y) => x.Zip(y).All(p => SameFlags(p.First, p.Second)),
        (ConfigScalar x, ConfigScalar y) => x.IsSecret == y.IsSecret && x.IsDeleteMarker == y.IsDeleteMarker
            && (x.StringValue?.Contains("${", StringComparison.Ordinal) != true || x.IsQuoted == y.IsQuoted),
        _ => false,
    };

    [Fact]
    public void Rewriting_a_file_with_its_own_layout_changes_nothing()
    {
        Map(3).Sample(tree =>
        {
            var (text, _) = LayoutPreservingYamlWriter.Write(tree, tree, null, []);
            var parsed = YamlConfigParser.Parse(text, "x.yaml", LayerKind.Global);
            var layout = YamlLayout.Capture(text);
            var (again, dropped) = LayoutPreservingYamlWriter.Write(parsed, parsed, layout, []);
            return again == text && dropped == 0;
        }, iter: 1000);
    }
}
