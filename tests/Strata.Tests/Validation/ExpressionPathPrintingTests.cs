using Strata.Validation.Expressions;

namespace Strata.Tests.Validation;

public class ExpressionPathPrintingTests
{
    [Theory]
    [InlineData("`odd-key`.`x.y` == 1")]
    [InlineData("`and`.x > 0")]
    [InlineData("`1st`.step_2 >= 0")]
    [InlineData("map.*.`a b` != null")]
    [InlineData("list[*].`*` < 3")]
    [InlineData("x.`` == 'e'")]
    public void Paths_in_printed_expressions_read_back_as_the_same_keys(string text)
    {
        var printed = ExpressionPrinter.Print(ExpressionParser.Parse(text));
        Assert.Equal(text, printed);
    }
}
