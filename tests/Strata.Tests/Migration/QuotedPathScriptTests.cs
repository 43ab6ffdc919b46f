using Strata.Model;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

public sealed class QuotedPathScriptTests
{
    [Fact]
    public void A_script_moves_a_literal_dotted_key_without_touching_the_nested_one()
    {
        var script = Script("""
            from_version: "1.0"
            to_version: "1.1"
            transformations:
              - operation: rename
                source_path: "`x.y`"
                target_path: x_y
            """);
        Assert.Equal("`x.y`", script.Transformations[0].SourcePath!.Text);
        var result = script.Transformations[0].Apply(Yaml("\"x.y\": 1\nx:\n  y: 2\n"));
        Assert.Equal(1L, Get(result.Config, "x_y"));
        Assert.Equal(2L, Get(result.Config, "x.y"));
        Assert.False(Has(result.Config, "`x.y`"));
    }

    [Fact]
    public void A_malformed_script_path_is_an_error_at_its_line()
    {
        var error = Assert.Single(ScriptErrors("""
            from_version: "1.0"
            to_version: "1.1"
            transformations:
              - operation: delete
                source_path: "a*b"
            """));
        Assert.Equal("migrations/bad.yaml:5:18: transformations[0].source_path: 'a*b': '*' at position 2 cannot appear in a bare key; write the key in backticks", error.ToString());
    }

    [Fact]
    public void A_condition_names_a_dotted_key_in_backticks()
    {
        var script = Script("""
            from_version: "1.0"
            to_version: "1.1"
            transformations:
              - operation: delete
                source_path: old
                condition:
                  "`x.y`": 1
            """);
        Assert.Equal("`x.y`", script.Transformations[0].Condition!.Expected[0].Key.Text);
    }
}
