using Strata.Secrets;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Tests.Serialization;

public class ChangeSecrecyJsonTests
{
    [Theory]
    [InlineData("note: hunter2\n", "note: !secret hunter2\n")]
    [InlineData("note: !secret hunter2\n", "note: hunter2\n")]
    [InlineData("note: hunter2\n", "note: !secret swordfish\n")]
    public void A_change_that_tags_or_untags_a_value_masks_both_sides(string before, string after)
    {
        var change = Assert.Single(ConfigDiff.Compute(Parse.Yaml(before), Parse.Yaml(after)));

        var json = ChangeJson.ToJson([change], SecretRedactor.Default);

        Assert.Contains("\"old\": \"***\"", json, StringComparison.Ordinal);
        Assert.Contains("\"new\": \"***\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", json, StringComparison.Ordinal);
        Assert.DoesNotContain("swordfish", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_between_plain_values_shows_both()
    {
        var change = Assert.Single(ConfigDiff.Compute(Parse.Yaml("note: a\n"), Parse.Yaml("note: b\n")));

        var json = ChangeJson.ToJson([change], SecretRedactor.Default);

        Assert.Contains("\"old\": \"a\"", json, StringComparison.Ordinal);
        Assert.Contains("\"new\": \"b\"", json, StringComparison.Ordinal);
    }
}
