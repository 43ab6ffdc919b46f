using Strata.Snapshots;

namespace Strata.Tests.Snapshots;

/// <summary>A section reads paths in the one path grammar, so a literal dotted key and a nested path stay apart.</summary>
public class SectionPathTests
{
    [Fact]
    public void A_section_tells_a_literal_dotted_key_from_the_nested_path()
    {
        var snapshot = new ConfigSnapshot(Parse.Yaml("s:\n  \"y.z\": 1\n  y:\n    z: 2\n"), 1, DateTimeOffset.UnixEpoch, [], "development");
        var section = snapshot.GetSection("s");

        Assert.Equal(2, section.Get<int>("y.z"));
        Assert.Equal(1, section.Get<int>("`y.z`"));
        Assert.True(section.TryGet<int>("y.z", out var nested));
        Assert.Equal(2, nested);
        Assert.Equal(snapshot.Get<int>("s.y.z"), section.Get<int>("y.z"));
    }
}
