using Strata.Hierarchy;
using Strata.Model;

namespace Strata.Tests.Hierarchy;

public class HierarchicalConfigTests
{
    [Fact]
    public void Original_operations_in_dotnet_naming()
    {
        var config = new HierarchicalConfig();
        config.SetLayer(LayerKind.Global, Parse.Yaml("a: 1\nnested:\n  x: 1\n"), "base.yaml");
        config.Set("nested.y", 2, LayerKind.Environment);
        config.Set("a", 10, LayerKind.Agent);
        Assert.Equal(10, config.Get<int>("a"));
        Assert.Equal(2, config.Get<int>("nested.y"));
        Assert.True(config.Has("nested.x"));
        Assert.False(config.Has("nested.z"));
        Assert.Equal(["a", "nested.x", "nested.y"], config.Keys);

        var copy = config.Copy();
        config.ClearLayer(LayerKind.Agent);
        Assert.Equal(1, config.Get<int>("a"));
        Assert.Equal(10, copy.Get<int>("a"));

        var other = new HierarchicalConfig();
        other.Set("b", "new", LayerKind.Environment);
        config.Merge(other);
        Assert.Equal("new", config.Get<string>("b"));
        Assert.Equal(2, config.Get<int>("nested.y"));
        Assert.Equal(2, config.ToSnapshot(1, DateTimeOffset.UnixEpoch).Get<int>("nested.y"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    [InlineData(int.MaxValue)]
    public void An_undefined_layer_kind_is_rejected_and_adds_no_layer(int value)
    {
        var kind = (LayerKind)value;
        var config = new HierarchicalConfig();
        config.Set("a", 1, LayerKind.Global);

        var set = Assert.Throws<ArgumentOutOfRangeException>(() => config.Set("a", 2, kind));
        Assert.Equal("layer", set.ParamName);
        Assert.StartsWith($"{value} is not a layer; use one of Global, Environment, Agent, EnvironmentVariables, CommandLine, Runtime", set.Message, StringComparison.Ordinal);
        Assert.Equal("layer", Assert.Throws<ArgumentOutOfRangeException>(() => config.ClearLayer(kind)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => config.SetLayer(kind, Parse.Yaml("a: 3\n"), "x.yaml")).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalConfig([new ConfigLayer(kind, "x.yaml", Parse.Yaml("a: 3\n"))])).ParamName);

        Assert.Equal([LayerKind.Global], config.Layers.Select(l => l.Kind));
        Assert.Equal(1, config.Get<int>("a"));
    }

    [Fact]
    public void ToString_lists_the_layers_with_their_key_counts()
    {
        var config = new HierarchicalConfig();
        Assert.Equal("HierarchicalConfig: no layers", config.ToString());

        config.SetLayer(LayerKind.Global, Parse.Yaml("a: 1\nnested:\n  x: 1\n  y: 2\n"), "base.yaml");
        config.Set("b", true, LayerKind.Runtime);
        Assert.Equal("HierarchicalConfig: Global (base.yaml) 3 keys, Runtime (runtime) 1 key", config.ToString());
    }
}
