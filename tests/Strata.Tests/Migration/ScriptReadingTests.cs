using Strata.Migration;
using Strata.Model;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

public sealed class ScriptReadingTests
{
    [Fact]
    public void A_script_reads_every_field()
    {
        var script = Script("""
            from_version: "1.0"
            to_version: "1.1"
            description: Agent parameters per agent type
            author: someone
            date: "2024-01-15"
            detect:
              present: [max_steps, learning_rate]
              absent: learning
            transformations:
              - operation: move
                source_path: width
                target_path: environment.width
                description: world size is a section
                required: true
                overwrite: true
                layers: [global, environment]
              - operation: split
                source_path: size
                separator: x
                targets: [w, h]
            """);

        Assert.Equal(("1.0", "1.1"), (script.FromVersion, script.ToVersion));
        Assert.Equal("Agent parameters per agent type", script.Description);
        Assert.Equal("someone", script.Author);
        Assert.Equal("2024-01-15", script.Date);
        Assert.Equal(["max_steps", "learning_rate"], script.Detection!.Present.Select(p => p.Text));
        Assert.Equal(["learning"], script.Detection.Absent.Select(p => p.Text));
        var move = script.Transformations[0];
        Assert.Equal(MigrationOperation.Move, move.Operation);
        Assert.True(move.Required);
        Assert.True(move.Overwrite);
        Assert.Equal([LayerKind.Global, LayerKind.Environment], move.Layers!.Order());
        Assert.Equal(new Origin("migrations/test.yaml", 10, 5, LayerKind.Global), move.Origin);
        Assert.Equal(["w", "h"], script.Transformations[1].Targets.Select(p => p.Text));
        Assert.Equal("x", script.Transformations[1].Separator);
    }

    [Fact]
    public void An_unknown_operation_is_an_error_at_its_line()
    {
        var errors = ScriptErrors("""
            from_version: "1.0"
            to_version: "1.1"
            transformations:
              - operation: move
                source_path: a
                target_path: b
              - operation: renam
                source_path: a
                target_path: b
            """);

        Assert.Equal("migrations/bad.yaml:7:16: transformations[1].operation: unknown operation 'renam'; expected rename, move, copy, add, delete, modify, merge or split", Assert.Single(errors).ToString());
    }

    [Fact]
    public void A_yaml_syntax_error_names_file_and_line()
    {
        var error = Assert.Single(ScriptErrors("from_version: \"1.0\"\nto_version: [1.1\n"));

        Assert.Equal("migrations/bad.yaml", error.File);
        Assert.True(error.Line >= 2, error.ToString());
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_are_errors_so_typos_never_pass()
    {
        var errors = ScriptErrors("""
            from_version: "1.0"
            to_version: "1.1"
            descripton: typo
            transformations:
              - operation: move
                sorce_path: a
                target_path: b
            """);

        Assert.Contains(errors, e => e.ToString().StartsWith("migrations/bad.yaml:3:13: descripton: unknown key 'descripton' in a migration script", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString().StartsWith("migrations/bad.yaml:6:17: transformations[0].sorce_path: unknown key 'sorce_path' in a transformation", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_and_badly_typed_versions_are_explained()
    {
        var missing = ScriptErrors("to_version: \"1.1\"\ntransformations: []");
        var unquoted = ScriptErrors("from_version: 1.10\nto_version: \"1.2\"");
        var same = ScriptErrors("from_version: \"1.0\"\nto_version: \"1.0\"");

        Assert.Contains("missing from_version", Assert.Single(missing).Message, StringComparison.Ordinal);
        Assert.Equal("migrations/bad.yaml:1:15: from_version: write the version in quotes (\"1.1\"): unquoted, YAML reads it as a number, and 1.10 would become 1.1", Assert.Single(unquoted).ToString());
        Assert.Equal("migrations/bad.yaml:2:13: to_version: from_version and to_version are both '1.0'", Assert.Single(same).ToString());
    }

    [Fact]
    public void Fields_that_do_not_fit_the_operation_are_errors_at_the_transformation()
    {
        var errors = ScriptErrors("""
            from_version: "1.0"
            to_version: "1.1"
            transformations:
              - operation: add
                target_path: redis
                required: true
              - operation: rename
                source_path: a..b
                target_path: c
              - operation: move
                source_path: a
                target_path: b
                layers: [global, cluster]
              - operation: copy
                source_path: a
                target_path: b
                condition: [a]
              - operation: delete
                source_path: a
                required: "yes"
            """);

        var lines = errors.Select(e => e.ToString()).ToList();
        Assert.Contains("migrations/bad.yaml:4:5: transformations[0]: add needs value (write 'value: null' for a null)", lines);
        Assert.Contains("migrations/bad.yaml:4:5: transformations[0]: required applies to operations that read a source_path, not to add", lines);
        Assert.Contains("migrations/bad.yaml:8:18: transformations[1].source_path: 'a..b': empty key at position 3", lines);
        Assert.Contains("migrations/bad.yaml:13:22: transformations[2].layers: unknown layer 'cluster'; expected global, environment or agent", lines);
        Assert.Contains("migrations/bad.yaml:17:16: transformations[3].condition: a condition must be a map of dot paths to expected values, not a list", lines);
        Assert.Contains("migrations/bad.yaml:20:15: transformations[4].required: must be true or false, not yes", lines);
    }

    [Fact]
    public void A_detection_rule_needs_a_present_key()
    {
        var error = Assert.Single(ScriptErrors("""
            from_version: "1.0"
            to_version: "1.1"
            detect:
              absent: [learning]
            """));

        Assert.Equal("migrations/bad.yaml:4:3: detect.present: a detection rule needs at least one key in present, so that it cannot match an unrelated file", error.ToString());
    }

    [Fact]
    public void Null_transformations_mean_none_and_json_scripts_work()
    {
        var yaml = Script("from_version: \"1.0\"\nto_version: \"1.1\"\ntransformations:\n");
        var json = Script("""{"from_version": "1.0", "to_version": "2", "transformations": [{"operation": "delete", "source_path": "a"}]}""", "migrations/x.json");

        Assert.Empty(yaml.Transformations);
        Assert.Equal("2", json.ToVersion);
        Assert.Equal(MigrationOperation.Delete, json.Transformations.Single().Operation);
    }

    [Fact]
    public void Loading_a_directory_reports_every_broken_script_and_duplicate_steps()
    {
        using var dir = new TempConfigDir();
        dir.Write("migrations/a.yaml", "from_version: \"1.0\"\nto_version: \"1.1\"\n");
        dir.Write("migrations/b.yaml", "from_version: \"1.0\"\nto_version: \"1.1\"\n");
        dir.Write("migrations/c.yaml", "from_version: \"1.1\"\nto_version: \"1.2\"\ntransformations:\n  - operation: explode\n");

        var ex = Assert.Throws<ConfigurationLoadException>(() => ConfigurationMigrator.Load(Path.Combine(dir.Path, "migrations"), displayDirectory: "migrations"));

        Assert.Equal("migrations/c.yaml:4:16: transformations[0].operation: unknown operation 'explode'; expected rename, move, copy, add, delete, modify, merge or split", Assert.Single(ex.Errors).ToString());

        dir.Write("migrations/c.yaml", "from_version: \"1.1\"\nto_version: \"1.2\"\n");
        var duplicate = Assert.Throws<ConfigurationLoadException>(() => ConfigurationMigrator.Load(Path.Combine(dir.Path, "migrations"), displayDirectory: "migrations"));
        Assert.Equal("migrations/b.yaml:1:15: from_version: duplicate migration 1.0 -> 1.1: already defined in migrations/a.yaml:1:15; keep one", Assert.Single(duplicate.Errors).ToString());
    }
}
