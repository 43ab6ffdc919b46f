using System.Text;
using System.Text.Json;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Tests.Serialization;

public class ChangePathJsonTests
{
    [Fact]
    public void A_change_to_a_literal_dotted_key_names_it_in_backticks()
    {
        var before = Parse.Yaml("\"x.y\": 1\nx:\n  y: 2\n\"a`b\": [1]\n");
        var after = Parse.Yaml("\"x.y\": 3\nx:\n  y: 4\n\"a`b\": [2]\n");
        var changes = ConfigDiff.Compute(before, after);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var change in changes)
            {
                ChangeJson.Write(writer, change, redactor: null);
            }

            writer.WriteEndArray();
        }

        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(["`a``b`", "`x.y`", "x.y"], doc.RootElement.EnumerateArray().Select(c => c.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
    }
}
