using CsCheck;
using Strata.Migration;
using Strata.Model;

namespace Strata.Tests.Migration;

/// <summary>Property: a rename or move followed by its inverse gives back the original tree.</summary>
public sealed class InverseOperationPropertyTests
{
    private static readonly Origin O = new("base.yaml", 1, 1, LayerKind.Global);
    private static readonly string[] Keys = ["a", "b", "c", "d", "e"];

    private static readonly Gen<ConfigNode> Scalar = Gen.OneOf(
        Gen.Int[-5, 5].Select(i => (ConfigNode)ConfigScalar.Int(i, O)),
        Gen.OneOf("x", "y", "z").Select(s => (ConfigNode)ConfigScalar.String(s, O)),
        Gen.Bool.Select(b => (ConfigNode)ConfigScalar.Bool(b, O)),
        Gen.Int[0, 3].Select(n => (ConfigNode)new ConfigSequence(Enumerable.Range(0, n).Select(i => ConfigScalar.Int(i, O)), O)));

    // Trees without empty maps: a move removes maps it leaves empty, so an empty map is the one shape
    // the inverse cannot tell from "absent" (documented in docs/migrations.md).
    private static Gen<ConfigMap> Tree(int depth) =>
        Gen.Select(Gen.OneOf(Keys), depth <= 0 ? Scalar : Gen.Frequency((2, Scalar), (1, Tree(depth - 1).Select(m => (ConfigNode)m))))
            .Array[1, 4]
            .Select(entries => new ConfigMap(entries.Select(e => new KeyValuePair<string, ConfigNode>(e.Item1, e.Item2)), O));

    private static readonly Gen<(ConfigMap Tree, ConfigPath Source, ConfigPath Target)> Case =
        Gen.Select(Tree(3), Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue])
            .Select(t => Pick(t.Item1, t.Item2, t.Item3))
            .Where(c => c.HasValue)
            .Select(c => c!.Value);

    [Fact]
    public void Move_then_the_inverse_move_gives_back_the_original_tree()
    {
        Case.Sample(c =>
        {
            var forward = Apply(MigrationOperation.Move, c.Tree, c.Source, c.Target);
            var back = Apply(MigrationOperation.Move, forward, c.Target, c.Source);
            return back.ValueEquals(c.Tree) && !ConfigTree.TryGet(forward, c.Source, out _);
        }, iter: 2000);
    }

    [Fact]
    public void Rename_then_the_inverse_rename_gives_back_the_original_tree()
    {
        Case.Sample(c =>
        {
            var forward = Apply(MigrationOperation.Rename, c.Tree, c.Source, c.Target);
            var back = Apply(MigrationOperation.Rename, forward, c.Target, c.Source);
            return back.ValueEquals(c.Tree);
        }, iter: 2000);
    }

    [Fact]
    public void Renaming_within_a_map_and_back_also_keeps_every_key_in_its_place()
    {
        Case.Where(c => c.Source.Parent == c.Target.Parent).Sample(c =>
        {
            var forward = Apply(MigrationOperation.Rename, c.Tree, c.Source, c.Target);
            var back = Apply(MigrationOperation.Rename, forward, c.Target, c.Source);
            return SameOrder(back, c.Tree);
        }, iter: 1000);
    }

    private static ConfigMap Apply(MigrationOperation operation, ConfigMap tree, ConfigPath source, ConfigPath target)
    {
        var result = new MigrationTransformation { Operation = operation, SourcePath = source, TargetPath = target }.Apply(tree);
        Assert.True(result.Status == OperationStatus.Applied, $"{operation} {source} -> {target}: {result.Reason}");
        return result.Config;
    }

    // Any existing key as the source; as the target, an absent key (possibly under a new section) next to an existing map.
    private static (ConfigMap, ConfigPath, ConfigPath)? Pick(ConfigMap tree, int sourceSeed, int targetSeed)
    {
        var maps = new List<ConfigPath> { ConfigPath.Root };
        var paths = new List<ConfigPath>();
        Collect(tree, ConfigPath.Root, maps, paths);
        var source = paths[sourceSeed % paths.Count];
        var targets = new List<ConfigPath>();
        foreach (var map in maps)
        {
            ConfigTree.TryGet(tree, map, out var node);
            foreach (var key in Keys.Append("f").Where(k => !((ConfigMap)node!).ContainsKey(k)))
            {
                targets.Add(map.Append(key));
                targets.Add(map.Append(key).Append("g"));
            }
        }

        targets.RemoveAll(t => t.StartsWith(source) || source.StartsWith(t));
        return targets.Count == 0 ? null : (tree, source, targets[targetSeed % targets.Count]);
    }

    private static void Collect(ConfigMap map, ConfigPath at, List<ConfigPath> maps, List<ConfigPath> paths)
    {
        foreach (var (key, child) in map)
        {
            var path = at.Append(key);
            paths.Add(path);
            if (child is ConfigMap m)
            {
                maps.Add(path);
                Collect(m, path, maps, paths);
            }
        }
    }

    private static bool SameOrder(ConfigNode a, ConfigNode b) =>
        (a, b) switch
        {
            (ConfigMap x, ConfigMap y) => x.Keys.SequenceEqual(y.Keys) && x.All(e => SameOrder(e.Value, y.TryGetValue(e.Key, out var v) ? v : e.Value)),
            _ => a.ValueEquals(b),
        };
}
