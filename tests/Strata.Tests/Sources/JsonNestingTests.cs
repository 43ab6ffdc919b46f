using Strata.Model;
using Strata.Serialization;

namespace Strata.Tests.Sources;

public class JsonNestingTests
{
    [Fact]
    public void Nested_objects_and_arrays_keep_their_own_entries_in_order()
    {
        var map = Parse.Json("{\"a\": {\"b\": {\"c\": 1, \"d\": [1, {\"e\": 2}, []]}, \"f\": {}}, \"g\": [[1, 2], [3]], \"h\": 3}");

        Assert.Equal("{\"a\":{\"b\":{\"c\":1,\"d\":[1,{\"e\":2},[]]},\"f\":{}},\"g\":[[1,2],[3]],\"h\":3}", ConfigJsonWriter.ToJson(map));
    }

    [Fact]
    public void A_duplicate_after_a_nested_object_names_the_first_definition_line()
    {
        var error = Parse.JsonError("{\n\"a\": 1,\n\"n\": {\"x\": {\"y\": 1}, \"z\": 2},\n\"a\": 2\n}");

        Assert.Equal(4, error.Line);
        Assert.Equal("a", error.Path);
        Assert.Contains("first defined at line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_in_a_large_object_is_found()
    {
        var keys = string.Join(",\n", Enumerable.Range(0, 20).Select(i => $"\"k{i}\": {i}"));
        var error = Parse.JsonError("{\"s\": {\n" + keys + ",\n\"k3\": 9}}");

        Assert.Equal("s.k3", error.Path);
        Assert.Contains("first defined at line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_count_characters_on_long_lines()
    {
        var map = Parse.Json("{\"é\": \"ü\", \"b\": 2}");

        Assert.True(map.TryGetValue("b", out var b));
        Assert.Equal(new Origin("test.json", 1, 17, LayerKind.Global), b.Origin);
    }
}
