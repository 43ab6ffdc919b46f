using Strata.Interpolation;
using Strata.Migration;
using Strata.Model;
using Strata.Serialization;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Sources;

/// <summary>Numbers out of range are errors wherever a plain value gets typed, and writers quote strings that would read as one.</summary>
public class NumberRangeAcrossStagesTests
{
    private static Interpolator With(string name, string value) => new(n => n == name ? value : null);

    [Fact]
    public void A_placeholder_whose_variable_holds_an_out_of_range_integer_is_an_error_at_the_placeholder()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => With("BIG", "99999999999999999999").Resolve(Parse.Yaml("a: 1\nport: ${BIG}\n", "base.yaml")));

        Assert.Equal(
            "base.yaml:2:7: port: this integer is outside the 64-bit range (-9223372036854775808 to 9223372036854775807)",
            Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void A_secret_placeholder_out_of_range_does_not_show_its_value()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => With("BIG", "99999999999999999999").Resolve(Parse.Yaml("password: ${BIG}\n", "base.yaml")));

        Assert.DoesNotContain("9999", Assert.Single(ex.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_placeholder_keeps_an_out_of_range_integer_as_text()
    {
        var map = With("BIG", "99999999999999999999").Resolve(Parse.Yaml("port: \"${BIG}\"\n", "base.yaml"));

        Assert.Equal("99999999999999999999", ((ConfigScalar)map[0].Value).StringValue);
    }

    [Fact]
    public void Splitting_a_string_into_an_out_of_range_integer_fails_the_operation()
    {
        var split = new MigrationTransformation
        {
            Operation = MigrationOperation.Split,
            SourcePath = P("size"),
            Separator = "x",
            Targets = [P("width"), P("height")],
        };

        var result = split.Apply(Yaml("size: 80 x 99999999999999999999"));

        Assert.Equal(OperationStatus.Failed, result.Status);
        Assert.Equal("split of the string at 'size': this integer is outside the 64-bit range (-9223372036854775808 to 9223372036854775807)", result.Reason);
    }

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFF")]
    [InlineData("99999999999999999999")]
    [InlineData("1e400")]
    [InlineData("0o+7")]
    public void The_yaml_writer_writes_a_string_so_that_it_reads_back_as_the_same_string(string text)
    {
        var map = ConfigMap.Empty(Origin.Runtime).SetItem("a", ConfigScalar.String(text, Origin.Runtime));
        using var output = new StringWriter();

        ConfigYamlWriter.Write(output, map);

        var back = Assert.IsType<ConfigScalar>(Parse.Yaml(output.ToString())[0].Value);
        Assert.Equal((ScalarKind.String, text), (back.ScalarKind, back.StringValue));
    }
}
