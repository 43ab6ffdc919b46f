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
}
