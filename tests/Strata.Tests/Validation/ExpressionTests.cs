using CsCheck;
using Strata.Model;
using Strata.Secrets;
using Strata.Validation;
using Strata.Validation.Expressions;

namespace Strata.Tests.Validation;

public sealed class ExpressionTests
{
    private static ExprValue Eval(string expression, string yaml = "a: 2\nb: 3\ns: text\nflag: true\nlist: [1, 2, 3]\nmap: {x: 1, y: 2}\n")
    {
        var root = ValidationKit.Yaml(yaml);
        var regexes = new Dictionary<CallExpr, System.Text.RegularExpressions.Regex>(ReferenceEqualityComparer.Instance);
        var expr = ExpressionParser.Parse(expression);
        foreach (var call in expr.Walk().OfType<CallExpr>().Where(c => c is { Name: "matches", Args: [_, LiteralExpr { Value.Kind: ExprKind.String }] }))
        {
            regexes[call] = new System.Text.RegularExpressions.Regex(((LiteralExpr)call.Args[1]).Value.Text!);
        }

        return new ExpressionEvaluator(root, null, null, regexes, SecretRedactor.Default).Evaluate(expr);
    }

    [Theory]
    [InlineData("a + b * 2 == 8", true)]
    [InlineData("(a + b) * 2 == 10", true)]
    [InlineData("-a + 5 == 3", true)]
    [InlineData("b % a == 1", true)]
    [InlineData("a / 4 == 0.5", true)]
    [InlineData("a < b and b <= 3 and a != b", true)]
    [InlineData("a > b or s == 'text'", true)]
    [InlineData("not flag", false)]
    [InlineData("!flag || a >= 2", true)]
    [InlineData("s == \"text\" && s != 'other'", true)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("1e-3 == 0.001", true)]
    [InlineData("null == null and s != null", true)]
    [InlineData("sum(list) == 6 and count(map) == 2 and sum(map.*) == 3", true)]
    [InlineData("len(list) == 3 and len(s) == 4 and len(map) == 2", true)]
    [InlineData("exists(a) and not exists(missing) and exists(map.*)", true)]
    [InlineData("matches(s, '^t.xt$')", true)]
    [InlineData("approx(0.1 + 0.2, 0.3)", true)]
    [InlineData("approx(1, 1.1, 0.05)", false)]
    [InlineData("sum(nothing.*) == 0 and count(nothing) == 0", true)]
    public void Operators_and_functions(string expression, bool expected)
    {
        var value = Eval(expression);
        Assert.Equal(ExprKind.Bool, value.Kind);
        Assert.Equal(expected, value.Bool);
    }

    [Theory]
    [InlineData("missing > 1")]
    [InlineData("missing + 1 == 2")]
    [InlineData("flag and missing == 1")]
    [InlineData("not (missing == 1)")]
    [InlineData("min(nothing.*) == 1")]
    public void Missing_values_leave_the_result_undecided(string expression) =>
        Assert.True(Eval(expression).IsMissing);

    [Theory]
    [InlineData("missing == 1 or flag", true)]
    [InlineData("missing == 1 and a > 5", false)]
    public void Kleene_logic_decides_when_one_side_suffices(string expression, bool expected) =>
        Assert.Equal(expected, Eval(expression).Bool);

    [Theory]
    [InlineData("a <", "ends too early", 3)]
    [InlineData("a = 1", "compare with '=='", 2)]
    [InlineData("a < b < c", "do not chain", 6)]
    [InlineData("(a", "expected ')'", 2)]
    [InlineData("a b", "unexpected 'b'", 2)]
    [InlineData("'open", "never closed", 0)]
    [InlineData("items[x] > 1", "not a list index", 5)]
    [InlineData("a and", "ends too early", 5)]
    [InlineData("", "empty", 0)]
    [InlineData("a # b", "unexpected character '#'", 2)]
    [InlineData("3abc > 1", "not a number", 0)]
    public void Syntax_errors_name_the_position(string expression, string message, int position)
    {
        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(expression));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(position, ex.Position);
    }

    [Fact]
    public void Any_text_either_parses_or_is_a_syntax_error()
    {
        var alphabet = Gen.OneOf(Gen.Char["a-z"], Gen.OneOf(Gen.Const('('), Gen.Const(')'), Gen.Const('['), Gen.Const(']'), Gen.Const('*'), Gen.Const('.'),
            Gen.Const('\''), Gen.Const('`'), Gen.Const('='), Gen.Const('<'), Gen.Const('!'), Gen.Const(','), Gen.Const(' '), Gen.Const('1'), Gen.Const('-')));
        alphabet.Array[0, 30].Select(chars => new string(chars)).Sample(text =>
        {
            try
            {
                ExpressionParser.Parse(text);
                try
                {
                    Eval(text);
                }
                catch (ExpressionEvaluationException)
                {
                }
                catch (KeyNotFoundException)
                {
                    // matches() with a regex the test helper did not compile; the schema compiler always does.
                }
            }
            catch (ExpressionSyntaxException)
            {
            }
        }, iter: 2000);
    }

    [Fact]
    public void Deep_nesting_is_bounded()
    {
        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(new string('(', 500) + "a" + new string(')', 500)));
        Assert.Contains("nests deeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backticks_quote_odd_keys()
    {
        Assert.True(Eval("`odd-key`.`x.y` == 1", "odd-key:\n  x.y: 1\n").Bool);
    }

    [Fact]
    public void Printing_and_parsing_again_gives_the_same_value()
    {
        var leaf = Gen.OneOf(Gen.Const("a"), Gen.Const("b"), Gen.Int[0, 9].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var ops = Gen.OneOf(Gen.Const("+"), Gen.Const("-"), Gen.Const("*"));
        var arithmetic = Gen.Recursive<string>((depth, inner) => depth >= 3
            ? leaf
            : Gen.OneOf(leaf, Gen.Select(inner, ops, inner, (l, o, r) => $"({l} {o} {r})"), inner.Select(x => "-" + x)));
        Gen.Select(arithmetic, arithmetic).Sample((left, right) =>
        {
            var text = $"{left} <= {right}";
            var expr = ExpressionParser.Parse(text);
            var printed = ExpressionPrinter.Print(expr);
            Assert.Equal(ExpressionPrinter.Print(ExpressionParser.Parse(printed)), printed);
            Assert.Equal(Eval(text).Bool, Eval(printed).Bool);
        }, iter: 300);
    }

    [Fact]
    public void Key_patterns_round_trip_through_text()
    {
        var key = Gen.OneOf(Gen.Const("a"), Gen.Const("b_c"), Gen.Const("*"), Gen.Const("odd.key"), Gen.Const("`tick"), Gen.Const("sp ace"));
        var segment = Gen.OneOf(
            key.Select(k => k == "*" ? PatternSegment.AnyKey : PatternSegment.ForKey(k)),
            Gen.Int[0, 5].Select(PatternSegment.ForIndex),
            Gen.Const(PatternSegment.AnyIndex));
        Gen.Select(key, segment.Array[0, 4]).Sample((first, rest) =>
        {
            var pattern = KeyPattern.FromSegments([first == "*" ? PatternSegment.AnyKey : PatternSegment.ForKey(first), .. rest]);
            Assert.Equal(pattern, KeyPattern.Parse(pattern.Text));
        }, iter: 300);
    }

    [Theory]
    [InlineData("a..b", "empty key")]
    [InlineData("[0].a", "must start with a key")]
    [InlineData("a[x]", "not a list index")]
    [InlineData("a[1", "never closed")]
    [InlineData("a.", "empty key")]
    [InlineData("`a", "never closed")]
    [InlineData(" a", "leading or trailing spaces")]
    public void Bad_key_patterns_are_explained(string text, string message)
    {
        Assert.False(KeyPattern.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_patterns_match_concrete_paths_and_trees()
    {
        var pattern = KeyPattern.Parse("phases[*].steps");
        Assert.True(pattern.Matches(ConfigPath.Parse("phases[2].steps")));
        Assert.False(pattern.Matches(ConfigPath.Parse("phases.steps")));
        var root = ValidationKit.Yaml("phases:\n  - steps: 1\n  - name: x\n  - steps: 3\n");
        Assert.Equal(["phases[0].steps", "phases[2].steps"], pattern.Match(root).Select(m => m.Key.Text));
        Assert.Equal("map.*", KeyPattern.Parse("map.*").Text);
        Assert.True(KeyPattern.Parse("map.*").HasWildcards);
    }
}
