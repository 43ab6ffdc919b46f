using Strata.Interpolation;
using Strata.Model;

namespace Strata.Tests.Interpolation;

public class QuotedKeyPlaceholderTests
{
    private static ConfigMap Resolve(string yaml) => new Interpolator(_ => null).Resolve(Parse.Yaml(yaml, "base.yaml"));

    private static ConfigScalar At(ConfigMap map, string path)
    {
        Assert.True(ConfigTree.TryGet(map, ConfigPath.Parse(path), out var node));
        return (ConfigScalar)node;
    }

    [Fact]
    public void A_placeholder_names_a_dotted_key_in_backticks_and_the_nested_key_bare()
    {
        var map = Resolve("""
            "x.y": 1
            x:
              y: 2
            "a}b:-c": 3
            literal: ${`x.y`}
            nested: ${x.y}
            braces: ${`a}b:-c`}
            fallback: "${`no}such`:-none}"
            tick_in_default: "${NOT_SET:-a`b}"
            """);
        Assert.Equal(1, At(map, "literal").IntValue);
        Assert.Equal(2, At(map, "nested").IntValue);
        Assert.Equal(3, At(map, "braces").IntValue);
        Assert.Equal("none", At(map, "fallback").StringValue);
        Assert.Equal("a`b", At(map, "tick_in_default").StringValue);
    }
}
