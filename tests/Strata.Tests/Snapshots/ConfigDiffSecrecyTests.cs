using Strata.Model;
using Strata.Snapshots;

namespace Strata.Tests.Snapshots;

/// <summary>
/// A leaf whose value is the same but whose secrecy is not (itself, or an item of a sequence) is modified; value
/// equality itself still ignores secrecy.
/// </summary>
public sealed class ConfigDiffSecrecyTests
{
    [Theory]
    [InlineData("note: hunter2\n", "note: !secret hunter2\n", "note")]
    [InlineData("note: !secret hunter2\n", "note: hunter2\n", "note")]
    [InlineData("db:\n  port: 5432\n", "db:\n  port: !secret 5432\n", "db.port")]
    [InlineData("tags: [a, b]\n", "tags: [a, !secret b]\n", "tags")]
    [InlineData("tags: [a, b]\n", "tags: !secret [a, b]\n", "tags")]
    [InlineData("items:\n  - name: a\n", "items:\n  - name: !secret a\n", "items")]
    [InlineData("empty: {}\n", "empty: !secret {}\n", "empty")]
    public void A_secrecy_only_change_of_a_leaf_is_a_modification_with_the_same_value(string before, string after, string path)
    {
        var (old, now) = (Parse.Yaml(before), Parse.Yaml(after));

        var change = Assert.Single(ConfigDiff.Compute(old, now));

        Assert.Equal(path, change.Path.Text);
        Assert.Equal(ChangeKind.Modified, change.Kind);
        Assert.True(change.OldValue!.ValueEquals(change.NewValue));
        Assert.True(old.ValueEquals(now));
    }

    [Fact]
    public void Tagging_a_map_modifies_each_of_its_leaves()
    {
        var changes = ConfigDiff.Compute(Parse.Yaml("db:\n  host: h\n  port: 1\n"), Parse.Yaml("db: !secret\n  host: h\n  port: 1\n"));

        Assert.Equal(["db.host", "db.port"], changes.Select(c => c.Path.Text));
        Assert.All(changes, c => Assert.True(c.Kind == ChangeKind.Modified && c.NewValue!.IsSecret && !c.OldValue!.IsSecret));
    }

    [Fact]
    public void Same_values_with_the_same_secrecy_are_no_change()
    {
        var before = Parse.Yaml("note: !secret hunter2\ntags: [a, !secret b]\nport: 0x10\n", source: "a.yaml");
        var after = Parse.Yaml("# moved\nnote: !secret hunter2\ntags: [a, !secret b]\nport: 16\n", source: "b.yaml");

        Assert.Empty(ConfigDiff.Compute(before, after));
    }

    [Fact]
    public void A_value_change_that_also_changes_secrecy_is_one_modification()
    {
        var change = Assert.Single(ConfigDiff.Compute(Parse.Yaml("note: a\n"), Parse.Yaml("note: !secret b\n")));

        Assert.Equal(ChangeKind.Modified, change.Kind);
        Assert.Equal("a", ((ConfigScalar)change.OldValue!).AsText());
        Assert.Equal("b", ((ConfigScalar)change.NewValue!).AsText());
    }
}
