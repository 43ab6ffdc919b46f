using System.Text;
using System.Text.Json;
using Strata.Sources.Json;

namespace Strata.Tests.Sources;

public class JsonValueEqualsTests
{
    [Theory]
    [InlineData("\"host\"", "host", true)]
    [InlineData("\"host\"", "hosT", false)]
    [InlineData("\"host\"", "hostname", false)]
    [InlineData("\"\"", "", true)]
    [InlineData("\"\"", "a", false)]
    [InlineData("\"caf\u00e9\"", "caf\u00e9", true)]
    [InlineData("\"caf\u00e9\"", "cafe", false)]
    [InlineData("\"cafe\"", "caf\u00e9", false)]
    [InlineData("\"\u00e9t\u00e9\"", "\u00e9t\u00e9", true)]
    [InlineData("\"h\\u006fst\"", "host", true)]
    [InlineData("\"h\\u006fst\"", "h\\u006fst", false)]
    [InlineData("\"\\u00e9\"", "\u00e9", true)]
    [InlineData("\"\ud83d\ude00\"", "\ud83d\ude00", true)]
    public void A_string_token_equals_the_text_it_reads_as(string json, string text, bool expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());

        Assert.Equal(expected, JsonText.ValueEquals(ref reader, text));
        Assert.Equal(reader.ValueTextEquals(text), JsonText.ValueEquals(ref reader, text));
    }

    [Fact]
    public void A_property_name_is_compared_the_same_way()
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("{\"r\\u00e9gion\": 1, \"port\": 2}"));
        reader.Read();
        reader.Read();
        Assert.True(JsonText.ValueEquals(ref reader, "r\u00e9gion"));
        reader.Read();
        reader.Read();
        Assert.True(JsonText.ValueEquals(ref reader, "port"));
        Assert.False(JsonText.ValueEquals(ref reader, "Port"));
    }
}
