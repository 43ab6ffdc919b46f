using System.Text;
using CsCheck;
using Strata.Model;
using Strata.Serialization;
using Strata.Sources;
using Strata.Tests.Hierarchy;

namespace Strata.Tests.Serialization;

public class WriterRoundTripTests
{
    [Fact]
    public void Yaml_and_json_writers_round_trip_every_type()
    {
        Generators.Tree.Sample(tree =>
        {
            var yaml = ConfigYamlWriter.ToYaml(tree);
            Assert.True(YamlConfigParser.Parse(yaml, "x.yaml", LayerKind.Global).ValueEquals(tree), yaml);
            var json = ConfigJsonWriter.ToJson(tree);
            Assert.True(JsonConfigParser.Parse(Encoding.UTF8.GetBytes(json), "x.json", LayerKind.Global).ValueEquals(tree), json);
        }, iter: 300);
    }

    [Fact]
    public void Strings_that_look_like_other_types_stay_strings()
    {
        var origin = Origin.Runtime;
        var tree = new ConfigMap(
            new[] { "true", "6379", "1.5", "null", "~", "", " padded ", "*alias", "- dash", "a: b", "#hash" }
                .Select((v, i) => new KeyValuePair<string, ConfigNode>("k" + i, ConfigScalar.String(v, origin))),
            origin);
        var back = YamlConfigParser.Parse(ConfigYamlWriter.ToYaml(tree), "x.yaml", LayerKind.Global);
        Assert.True(back.ValueEquals(tree));
    }
}
