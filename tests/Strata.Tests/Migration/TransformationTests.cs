using Strata.Migration;
using Strata.Model;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

public sealed class TransformationTests
{
    private const string Sample = """
        width: 80
        height: 60
        db:
          path: sim.db
          mode: WAL
        ratios:
          SystemAgent: 0.4
          ControlAgent: 0.6
        tags: [a, b]
        """;

    [Fact]
    public void Rename_in_the_same_map_keeps_the_key_position_and_its_origin()
    {
        var config = Yaml(Sample);
        var result = Op(MigrationOperation.Rename, "height", "depth").Apply(config);

        Assert.Equal(OperationStatus.Applied, result.Status);
        Assert.Equal(["width", "depth", "db", "ratios", "tags"], result.Config.Keys);
        Assert.True(ConfigTree.TryGet(result.Config, P("depth"), out var node));
        Assert.Equal(new Origin("base.yaml", 2, 9, LayerKind.Global), node.Origin);
        Assert.Equal(60L, Get(config, "height"));
    }

    [Fact]
    public void Move_creates_the_target_section_and_removes_maps_left_empty()
    {
        var config = Yaml(Sample);
        var moved = Op(MigrationOperation.Move, "db.path", "database.path").Apply(config).Config;
        moved = Op(MigrationOperation.Move, "db.mode", "database.journal_mode").Apply(moved).Config;

        Assert.False(Has(moved, "db"));
        Assert.Equal("sim.db", Get(moved, "database.path"));
        Assert.Equal("WAL", Get(moved, "database.journal_mode"));
        Assert.True(ConfigTree.TryGet(moved, P("database.path"), out var node));
        Assert.Equal(4, node.Origin.Line);
    }

    [Fact]
    public void Copy_keeps_the_source()
    {
        var result = Op(MigrationOperation.Copy, "db.path", "backup.path").Apply(Yaml(Sample));

        Assert.Equal(OperationStatus.Applied, result.Status);
        Assert.Equal("sim.db", Get(result.Config, "db.path"));
        Assert.Equal("sim.db", Get(result.Config, "backup.path"));
    }

    [Fact]
    public void Add_sets_an_absent_key_with_the_script_location_and_never_overwrites()
    {
        var config = Yaml(Sample);
        var added = Op(MigrationOperation.Add, target: "redis.port", value: "6379").Apply(config);
        var again = Op(MigrationOperation.Add, target: "width", value: "10").Apply(config);

        Assert.Equal(6379L, Get(added.Config, "redis.port"));
        Assert.True(ConfigTree.TryGet(added.Config, P("redis.port"), out var node));
        Assert.Equal("script.yaml", node.Origin.Source);
        Assert.Equal(OperationStatus.Skipped, again.Status);
        Assert.Contains("already present", again.Reason, StringComparison.Ordinal);
        Assert.Equal(80L, Get(again.Config, "width"));
    }

    [Fact]
    public void Add_applies_to_the_global_layer_only_unless_layers_says_otherwise()
    {
        var env = Yaml("max_steps: 5", "environments/dev.yaml", LayerKind.Environment);
        var add = Op(MigrationOperation.Add, target: "redis.host", value: "localhost");

        var skipped = add.Apply(env, LayerKind.Environment);
        var applied = (add with { Layers = new HashSet<LayerKind> { LayerKind.Environment } }).Apply(env, LayerKind.Environment);

        Assert.Equal(OperationStatus.Skipped, skipped.Status);
        Assert.Contains("global layer only", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(OperationStatus.Applied, applied.Status);
        Assert.True(ConfigTree.TryGet(applied.Config, P("redis.host"), out var host));
        Assert.Equal(LayerKind.Environment, host.Origin.Layer);
    }

    [Fact]
    public void Delete_removes_a_key_and_parents_it_leaves_empty()
    {
        var config = Yaml("a:\n  b:\n    c: 1\nkeep: true");
        var result = Op(MigrationOperation.Delete, "a.b.c").Apply(config);

        Assert.Equal(["keep"], result.Config.Keys);
    }

    [Fact]
    public void Modify_replaces_an_existing_value_and_skips_when_it_already_has_it()
    {
        var config = Yaml(Sample);
        var modified = Op(MigrationOperation.Modify, "db.mode", value: "DELETE").Apply(config);
        var same = Op(MigrationOperation.Modify, "db.mode", value: "WAL").Apply(config);
        var missing = Op(MigrationOperation.Modify, "db.other", value: "x").Apply(config);

        Assert.Equal("DELETE", Get(modified.Config, "db.mode"));
        Assert.Equal(OperationStatus.Skipped, same.Status);
        Assert.Contains("already is 'WAL'", same.Reason, StringComparison.Ordinal);
        Assert.Equal(OperationStatus.Skipped, missing.Status);
        Assert.False(Has(missing.Config, "db.other"));
    }

    [Fact]
    public void Merge_puts_a_map_into_another_deeply_and_the_source_wins()
    {
        var config = Yaml("""
            display: {background_color: white, fonts: {size: 12}}
            visualization: {background_color: black, padding: 20, fonts: {family: arial}}
            """);
        var result = Op(MigrationOperation.Merge, "display", "visualization").Apply(config);

        Assert.Equal(OperationStatus.Applied, result.Status);
        Assert.False(Has(result.Config, "display"));
        Assert.Equal("white", Get(result.Config, "visualization.background_color"));
        Assert.Equal(20L, Get(result.Config, "visualization.padding"));
        Assert.Equal(12L, Get(result.Config, "visualization.fonts.size"));
        Assert.Equal("arial", Get(result.Config, "visualization.fonts.family"));
    }

    [Fact]
    public void Merge_into_an_absent_target_moves_the_map()
    {
        var result = Op(MigrationOperation.Merge, "db", "database").Apply(Yaml(Sample));

        Assert.Equal("sim.db", Get(result.Config, "database.path"));
        Assert.False(Has(result.Config, "db"));
    }

    [Fact]
    public void Merge_of_something_that_is_not_a_map_fails_at_the_value()
    {
        var result = Op(MigrationOperation.Merge, "width", "db").Apply(Yaml(Sample));

        Assert.Equal(OperationStatus.Failed, result.Status);
        Assert.Contains("merge needs a map at 'width', found an int", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Location!.Line);
    }

    [Fact]
    public void Split_a_map_into_keys_under_a_new_section()
    {
        var result = Op(MigrationOperation.Split, "ratios", "population.agent_ratios").Apply(Yaml(Sample));

        Assert.Equal(0.4, Get(result.Config, "population.agent_ratios.SystemAgent"));
        Assert.Equal(0.6, Get(result.Config, "population.agent_ratios.ControlAgent"));
        Assert.False(Has(result.Config, "ratios"));
    }

    [Fact]
    public void Split_a_string_at_a_separator_types_each_part()
    {
        var config = Yaml("world_size: 80 x 60");
        var split = new MigrationTransformation
        {
            Operation = MigrationOperation.Split,
            SourcePath = P("world_size"),
            Separator = "x",
            Targets = [P("environment.width"), P("environment.height")],
        };

        var result = split.Apply(config);

        Assert.Equal(80L, Get(result.Config, "environment.width"));
        Assert.Equal(60L, Get(result.Config, "environment.height"));
        Assert.False(Has(result.Config, "world_size"));
        Assert.True(ConfigTree.TryGet(result.Config, P("environment.height"), out var node));
        Assert.Equal(1, node.Origin.Line);
    }

    [Fact]
    public void Split_a_list_by_position_and_fail_when_the_counts_differ()
    {
        var split = new MigrationTransformation { Operation = MigrationOperation.Split, SourcePath = P("tags"), Targets = [P("first"), P("second")] };
        var three = new MigrationTransformation { Operation = MigrationOperation.Split, SourcePath = P("tags"), Targets = [P("x"), P("y"), P("z")] };

        var ok = split.Apply(Yaml(Sample));
        var bad = three.Apply(Yaml(Sample));

        Assert.Equal("a", Get(ok.Config, "first"));
        Assert.Equal("b", Get(ok.Config, "second"));
        Assert.Equal(OperationStatus.Failed, bad.Status);
        Assert.Contains("'tags' has 2 parts but the split names 3 targets", bad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_of_a_string_without_a_separator_fails()
    {
        var split = new MigrationTransformation { Operation = MigrationOperation.Split, SourcePath = P("db.path"), Targets = [P("a"), P("b")] };

        var result = split.Apply(Yaml(Sample));

        Assert.Equal(OperationStatus.Failed, result.Status);
        Assert.Contains("needs a separator", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationOperation.Rename)]
    [InlineData(MigrationOperation.Move)]
    [InlineData(MigrationOperation.Copy)]
    [InlineData(MigrationOperation.Delete)]
    [InlineData(MigrationOperation.Merge)]
    [InlineData(MigrationOperation.Split)]
    [InlineData(MigrationOperation.Modify)]
    public void A_missing_source_is_skipped_with_a_reason_or_fails_when_required(MigrationOperation operation)
    {
        var t = operation switch
        {
            MigrationOperation.Delete => Op(operation, "nope.key"),
            MigrationOperation.Modify => Op(operation, "nope.key", value: "1"),
            _ => Op(operation, "nope.key", "other.key"),
        };
        var config = Yaml(Sample);

        var skipped = t.Apply(config);
        var failed = (t with { Required = true }).Apply(config);

        Assert.Equal(OperationStatus.Skipped, skipped.Status);
        Assert.Equal("source key 'nope.key' not found", skipped.Reason);
        Assert.Same(config, skipped.Config);
        Assert.Equal(OperationStatus.Failed, failed.Status);
        Assert.Equal("required source key 'nope.key' not found", failed.Reason);
        Assert.Same(config, failed.Config);
    }

    [Fact]
    public void An_existing_target_is_kept_unless_overwrite_is_set()
    {
        var config = Yaml(Sample);
        var move = Op(MigrationOperation.Move, "width", "height");

        var skipped = move.Apply(config);
        var replaced = (move with { Overwrite = true }).Apply(config);

        Assert.Equal(OperationStatus.Skipped, skipped.Status);
        Assert.Contains("target 'height' already exists", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(80L, Get(replaced.Config, "height"));
        Assert.False(Has(replaced.Config, "width"));
    }

    [Fact]
    public void Writing_through_a_scalar_fails_with_the_offending_value_located()
    {
        var result = Op(MigrationOperation.Move, "height", "width.value").Apply(Yaml(Sample));

        Assert.Equal(OperationStatus.Failed, result.Status);
        Assert.Contains("'width' is a int, not a map", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Location!.Line);
    }

    [Fact]
    public void Nested_list_items_can_be_addressed()
    {
        var config = Yaml("phases:\n  - steps: 1\n  - steps: 2");
        var result = Op(MigrationOperation.Add, target: "phases[1].name", value: "social").Apply(config);

        Assert.Equal("social", Get(result.Config, "phases[1].name"));
    }

    [Fact]
    public void Validate_names_every_field_that_does_not_fit_the_operation()
    {
        Assert.Contains("add needs value (write 'value: null' for a null)", Op(MigrationOperation.Add, target: "a").Validate());
        Assert.Contains("rename needs target_path", Op(MigrationOperation.Rename, "a").Validate());
        Assert.Contains("delete takes no target_path; source_path names the key to delete", Op(MigrationOperation.Delete, "a", "b").Validate());
        Assert.Contains("target 'a.b' is inside source_path 'a'", Op(MigrationOperation.Move, "a", "a.b").Validate());
        Assert.Contains("target 'a' contains source_path 'a.b'; move would replace its own source", Op(MigrationOperation.Move, "a.b", "a").Validate());
        Assert.Contains("required applies to operations that read a source_path, not to add", (Op(MigrationOperation.Add, target: "a", value: "1") with { Required = true }).Validate());
        Assert.Contains("'a[0]' ends with a list index; a transformation writes map keys and cannot insert list items", Op(MigrationOperation.Copy, "b", "a[0]").Validate());
        Assert.Empty(Op(MigrationOperation.Move, "a", "b.c").Validate());
    }
}
