using CsCheck;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Tests.Hierarchy;

public class KeyCaseCollisionTests
{
    private static readonly Origin Here = new("gen.yaml", 1, 1, LayerKind.Global);

    // Letters whose case folds in ASCII and beyond; '1' keeps some keys plain lower-case ASCII.
    private static readonly Gen<string> Key = Gen.String[Gen.OneOf('a', 'A', 'b', 'B', 'é', 'É', '1'), 1, 2];

    [Fact]
    public void Keys_differing_only_in_case_in_one_file_are_an_error_naming_both_places()
    {
        var thrown = Assert.Throws<ConfigurationLoadException>(() => Load(("base.yaml", "Redis: 1\nport: 2\nredis: 3\n")));

        Assert.Equal(
            "base.yaml:3:8: redis: the key 'redis' differs only in case from 'Redis' at base.yaml:1:8; configuration keys are case-insensitive in .NET",
            Assert.Single(thrown.Errors).ToString());
    }

    [Fact]
    public void Keys_differing_only_in_case_in_a_json_file_are_an_error_naming_both_places()
    {
        var thrown = Assert.Throws<ConfigurationLoadException>(() => Load(("base.json", "{\"Redis\": 1,\n \"redis\": 2}\n")));

        Assert.Equal(
            "base.json:2:11: redis: the key 'redis' differs only in case from 'Redis' at base.json:1:11; configuration keys are case-insensitive in .NET",
            Assert.Single(thrown.Errors).ToString());
    }

    [Fact]
    public void Keys_that_differ_only_in_case_across_layers_are_an_error_naming_both_files()
    {
        var thrown = Assert.Throws<ConfigurationLoadException>(() => Load(
            ("base.yaml", "Redis:\n  host: localhost\n"),
            ("environments/production.yaml", "redis:\n  host: redis.internal\n")));

        Assert.Equal(
            "environments/production.yaml:2:3: redis: the key 'redis' differs only in case from 'Redis' at base.yaml:2:3; configuration keys are case-insensitive in .NET",
            Assert.Single(thrown.Errors).ToString());
    }

    [Fact]
    public void Every_collision_is_reported_at_its_own_path_also_inside_lists()
    {
        var thrown = Assert.Throws<ConfigurationLoadException>(() => Load(("base.yaml", "servers:\n  - Name: a\n    name: b\n    NAME: c\nA: 1\na: 2\n")));

        Assert.Equal(
            [
                "base.yaml:6:4: a: the key 'a' differs only in case from 'A' at base.yaml:5:4; configuration keys are case-insensitive in .NET",
                "base.yaml:3:11: servers[0].name: the key 'name' differs only in case from 'Name' at base.yaml:2:11; configuration keys are case-insensitive in .NET",
                "base.yaml:4:11: servers[0].NAME: the key 'NAME' differs only in case from 'Name' at base.yaml:2:11; configuration keys are case-insensitive in .NET",
            ],
            thrown.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Keys_that_are_equal_ignoring_case_only_beyond_ascii_collide_too()
    {
        var thrown = Assert.Throws<ConfigurationLoadException>(() => Load(("base.yaml", "café: 1\nCAFÉ: 2\ncafe: 3\n")));

        Assert.Equal(
            "base.yaml:2:7: CAFÉ: the key 'CAFÉ' differs only in case from 'café' at base.yaml:1:7; configuration keys are case-insensitive in .NET",
            Assert.Single(thrown.Errors).ToString());
    }

    [Fact]
    public async Task A_reload_that_brings_case_colliding_keys_fails_and_keeps_the_last_good_configuration()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, "redis:\n  host: a\n").StartAsync();

        h.Files.Write("base.yaml", "redis:\n  host: a\nRedis:\n  host: b\n");
        var outcome = await h.Reloader.ReloadNowAsync();
        await h.Settle();

        Assert.Equal(ReloadStatus.Failed, outcome.Status);
        var failed = Assert.Single(h.Notifications, n => n.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal(
            "base.yaml:4:3: Redis: the key 'Redis' differs only in case from 'redis' at base.yaml:2:3; configuration keys are case-insensitive in .NET",
            Assert.Single(failed.Errors).ToString());
        Assert.Equal(1, h.Reloader.Current.Version);
        Assert.Equal("a", h.Reloader.Current.Get<string>("redis.host"));

        h.Files.Write("base.yaml", "redis:\n  host: b\n");
        Assert.Equal(ReloadStatus.Published, (await h.Reloader.ReloadNowAsync()).Status);
        Assert.Equal("b", h.Reloader.Current.Get<string>("redis.host"));
    }

    [Fact]
    public void A_map_has_one_error_for_each_key_whose_case_insensitive_spelling_came_before()
    {
        Gen.Select(Key, Generators.Scalar).List[0, 40].Sample(entries =>
        {
            var map = new ConfigMap(entries.Select(e => new KeyValuePair<string, ConfigNode>(e.Item1, e.Item2)), Here);
            var expected = map.Count - map.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count();

            Assert.Equal(expected, KeyCaseCollisions.Find(map, null)?.Count ?? 0);
        });
    }

    [Fact]
    public void Skipping_subtrees_shared_with_a_checked_tree_finds_what_a_full_walk_finds()
    {
        var nested = Gen.Select(Key, Gen.Select(Key, Generators.Scalar).List[0, 20]).List[0, 20].Select(outer => new ConfigMap(
            outer.Select(o => new KeyValuePair<string, ConfigNode>(o.Item1, new ConfigMap(o.Item2.Select(i => new KeyValuePair<string, ConfigNode>(i.Item1, i.Item2)), Here))),
            Here));
        Gen.Select(nested, nested, Key).Sample((checkedTree, change, key) =>
        {
            if (KeyCaseCollisions.Find(checkedTree, null) is not null)
            {
                return;
            }

            var next = checkedTree.SetItem(key, change);

            Assert.Equal(
                KeyCaseCollisions.Find(next, null)?.Select(e => e.ToString()),
                KeyCaseCollisions.Find(next, checkedTree)?.Select(e => e.ToString()));
        });
    }

    [Fact]
    public void Maps_with_the_same_keys_as_in_the_checked_tree_are_skipped_only_while_their_keys_stay_the_same()
    {
        var nested = Gen.Select(Key, Gen.Select(Key, Generators.Scalar).List[1, 20]).List[1, 20].Select(outer => new ConfigMap(
            outer.Select(o => new KeyValuePair<string, ConfigNode>(o.Item1, new ConfigMap(o.Item2.Select(i => new KeyValuePair<string, ConfigNode>(i.Item1, i.Item2)), Here))),
            Here));
        Gen.Select(nested, Gen.Int[0, 1000], Gen.Bool, Generators.Scalar).Sample((checkedTree, pick, collide, value) =>
        {
            if (KeyCaseCollisions.Find(checkedTree, null) is not null)
            {
                return;
            }

            // One inner map gets new values under the same keys (the root's keys stay the same), and maybe a key that
            // differs from one of its keys only in case.
            var (outerKey, inner) = checkedTree[pick % checkedTree.Count];
            var innerMap = (ConfigMap)inner;
            var entries = innerMap.Select(e => new KeyValuePair<string, ConfigNode>(e.Key, value)).ToList();
            if (collide)
            {
                var first = innerMap[0].Key;
                entries.Add(new(first.Any(char.IsUpper) ? first.ToLowerInvariant() : first.ToUpperInvariant(), value));
            }

            var next = checkedTree.SetItem(outerKey, new ConfigMap(entries, Here));

            Assert.Equal(
                KeyCaseCollisions.Find(next, null)?.Select(e => e.ToString()),
                KeyCaseCollisions.Find(next, checkedTree)?.Select(e => e.ToString()));
        });
    }

    [Fact]
    public void Nesting_deeper_than_the_stack_allows_for_recursion_is_checked_without_overflow()
    {
        var node = new ConfigMap([new("a", ConfigScalar.Int(1, Here)), new("A", ConfigScalar.Int(2, Here))], Here);
        for (var i = 0; i < 200_000; i++)
        {
            node = new ConfigMap([new("a", node)], Here);
        }

        var error = Assert.Single(KeyCaseCollisions.Find(node, null)!);
        Assert.EndsWith(".a.A", error.Path, StringComparison.Ordinal);
    }

    private static Strata.Snapshots.ConfigSnapshot Load(params (string File, string Content)[] files)
    {
        var fs = new InMemoryFileSystem();
        foreach (var (file, content) in files)
        {
            fs.Write(file, content);
        }

        var environment = files.Any(f => f.File.StartsWith("environments/", StringComparison.Ordinal)) ? "production" : null;
        return new EnvironmentConfigManager(fs.Root, new EnvironmentConfigOptions { FileSystem = fs, Environment = environment, EnvironmentVariables = new Dictionary<string, string>() }).Load();
    }
}
