using System.Globalization;
using System.Text.RegularExpressions;
using Strata.Model;
using Strata.Secrets;

namespace Strata.Validation.Expressions;

/// <summary>
/// Evaluates a parsed rule expression on one configuration tree. Missing keys give <see cref="ExprKind.Missing"/>,
/// which propagates (Kleene logic for <c>and</c>/<c>or</c>), so a rule whose inputs are not set is not decided.
/// Wildcards of the rule's iteration (<c>for_each</c>) are bound to one match; aggregate functions range over the rest.
/// </summary>
internal sealed class ExpressionEvaluator
{
    private readonly ConfigNode _root;
    private readonly KeyPattern? _iteration;
    private readonly ConfigPath? _binding;
    private readonly IReadOnlyDictionary<CallExpr, Regex> _regexes;
    private readonly SecretRedactor _redactor;

    public ExpressionEvaluator(ConfigNode root, KeyPattern? iteration, ConfigPath? binding, IReadOnlyDictionary<CallExpr, Regex> regexes, SecretRedactor redactor)
    {
        _root = root;
        _redactor = redactor;
        _iteration = iteration;
        _binding = binding;
        _regexes = regexes;
    }

    public List<Observation> Observations { get; } = [];

    public ExprValue Evaluate(Expr expr) => expr switch
    {
        LiteralExpr l => l.Value,
        PathExpr p => EvaluatePath(p),
        UnaryExpr u => EvaluateUnary(u),
        BinaryExpr b => EvaluateBinary(b),
        CallExpr c => EvaluateCall(c),
        _ => throw new ExpressionEvaluationException("unknown expression"),
    };

    /// <summary>Binds the iteration's wildcards in <paramref name="pattern"/> when it starts with the iteration pattern.</summary>
    public KeyPattern Bind(KeyPattern pattern)
    {
        if (_iteration is null || _binding is null || pattern.Segments.Length < _iteration.Segments.Length)
        {
            return pattern;
        }

        for (var i = 0; i < _iteration.Segments.Length; i++)
        {
            if (pattern.Segments[i] != _iteration.Segments[i])
            {
                return pattern;
            }
        }

        return pattern.Bind(_binding);
    }

    private ExprValue EvaluatePath(PathExpr p)
    {
        var bound = Bind(p.Pattern);
        if (!bound.TryGetPath(out var path))
        {
            throw new ExpressionEvaluationException($"'{p.Pattern.Text}' stands for many values; use it inside sum(), count(), min(), max() or avg()");
        }

        ConfigTree.TryGet(_root, path, out var node);
        var value = ExprValue.FromNode(node) with { Secret = _redactor.IsSecret(path, node) };
        Observations.Add(new Observation(path.Text, value, path));
        return value;
    }

    private ExprValue EvaluateUnary(UnaryExpr u)
    {
        var v = Evaluate(u.Operand);
        if (v.IsMissing)
        {
            return v;
        }

        if (u.Operator == "not")
        {
            return v.Kind == ExprKind.Bool ? ExprValue.FromBool(!v.Bool) : throw Needs("'not'", "true or false", v);
        }

        return v.Kind == ExprKind.Number ? ExprValue.FromNumber(-v.Number) : throw Needs("'-'", "a number", v);
    }

    private ExprValue EvaluateBinary(BinaryExpr b)
    {
        if (b.Operator is "and" or "or")
        {
            return EvaluateLogic(b);
        }

        var left = Evaluate(b.Left);
        var right = Evaluate(b.Right);
        if (left.IsMissing || right.IsMissing)
        {
            return ExprValue.Missing;
        }

        switch (b.Operator)
        {
            case "==":
                return ExprValue.FromBool(AreEqual(left, right));
            case "!=":
                return ExprValue.FromBool(!AreEqual(left, right));
            case "<" or "<=" or ">" or ">=":
            {
                var c = Compare(left, right, b.Operator);
                return ExprValue.FromBool(b.Operator switch
                {
                    "<" => c < 0,
                    "<=" => c <= 0,
                    ">" => c > 0,
                    _ => c >= 0,
                });
            }
        }

        if (left.Kind != ExprKind.Number || right.Kind != ExprKind.Number)
        {
            throw Needs($"'{b.Operator}'", "numbers", left.Kind != ExprKind.Number ? left : right);
        }

        var (x, y) = (left.Number, right.Number);
        return b.Operator switch
        {
            "+" => ExprValue.FromNumber(x + y),
            "-" => ExprValue.FromNumber(x - y),
            "*" => ExprValue.FromNumber(x * y),
            "/" => y == 0 ? throw new ExpressionEvaluationException($"division by zero in '{ExpressionPrinter.Print(b)}'") : ExprValue.FromNumber(x / y),
            _ => y == 0 ? throw new ExpressionEvaluationException($"division by zero in '{ExpressionPrinter.Print(b)}'") : ExprValue.FromNumber(x % y),
        };
    }

    private ExprValue EvaluateLogic(BinaryExpr b)
    {
        var isAnd = b.Operator == "and";
        var left = Evaluate(b.Left);
        if (!left.IsMissing && left.Kind != ExprKind.Bool)
        {
            throw Needs($"'{b.Operator}'", "true or false", left);
        }

        // Short-circuit: false and _ = false; true or _ = true (also when the other side is missing).
        if (!left.IsMissing && left.Bool != isAnd)
        {
            return left;
        }

        var right = Evaluate(b.Right);
        if (!right.IsMissing && right.Kind != ExprKind.Bool)
        {
            throw Needs($"'{b.Operator}'", "true or false", right);
        }

        if (!right.IsMissing && right.Bool != isAnd)
        {
            return right;
        }

        return left.IsMissing || right.IsMissing ? ExprValue.Missing : ExprValue.FromBool(isAnd);
    }

    private ExprValue EvaluateCall(CallExpr c)
    {
        switch (c.Name)
        {
            case "sum" or "count" or "min" or "max" or "avg":
                return Observe(c, Aggregate(c));
            case "exists":
            {
                var pattern = Bind(((PathExpr)c.Args[0]).Pattern);
                return ExprValue.FromBool(pattern.Match(_root).Any(m => m.Value is not ConfigScalar { IsDeleteMarker: true }));
            }

            case "abs":
            {
                var v = Evaluate(c.Args[0]);
                return v.IsMissing ? v : v.Kind == ExprKind.Number ? ExprValue.FromNumber(Math.Abs(v.Number)) : throw Needs("abs()", "a number", v);
            }

            case "len":
            {
                var v = Evaluate(c.Args[0]);
                return v.Kind switch
                {
                    ExprKind.Missing => v,
                    ExprKind.String => ExprValue.FromNumber(v.Text!.EnumerateRunes().Count()),
                    ExprKind.List => ExprValue.FromNumber(((ConfigSequence)v.Node!).Count),
                    ExprKind.Map => ExprValue.FromNumber(((ConfigMap)v.Node!).Count),
                    _ => throw Needs("len()", "a text, list or map", v),
                };
            }

            case "approx":
            {
                var a = Evaluate(c.Args[0]);
                var b = Evaluate(c.Args[1]);
                var tolerance = c.Args.Length > 2 ? Evaluate(c.Args[2]) : ExprValue.FromNumber(1e-9);
                if (a.IsMissing || b.IsMissing || tolerance.IsMissing)
                {
                    return ExprValue.Missing;
                }

                foreach (var v in (ReadOnlySpan<ExprValue>)[a, b, tolerance])
                {
                    if (v.Kind != ExprKind.Number)
                    {
                        throw Needs("approx()", "numbers", v);
                    }
                }

                return ExprValue.FromBool(Math.Abs(a.Number - b.Number) <= tolerance.Number);
            }

            case "matches":
            {
                var v = Evaluate(c.Args[0]);
                if (v.IsMissing)
                {
                    return v;
                }

                if (v.Kind != ExprKind.String)
                {
                    throw Needs("matches()", "a text", v);
                }

                try
                {
                    return ExprValue.FromBool(_regexes[c].IsMatch(v.Text!));
                }
                catch (RegexMatchTimeoutException ex)
                {
                    throw new ExpressionEvaluationException($"the regular expression took longer than {ex.MatchTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms");
                }
            }

            default:
                throw new ExpressionEvaluationException($"unknown function '{c.Name}'");
        }
    }

    private ExprValue Aggregate(CallExpr c)
    {
        var values = new List<ExprValue>();
        foreach (var arg in c.Args)
        {
            if (arg is PathExpr p)
            {
                var pattern = Bind(p.Pattern);
                foreach (var (path, node) in pattern.Match(_root))
                {
                    var secret = _redactor.IsSecret(path, node);
                    if (!pattern.HasWildcards && node is ConfigSequence seq)
                    {
                        values.AddRange(seq.Select(n => ExprValue.FromNode(n) with { Secret = secret || n.IsSecret }));
                    }
                    else if (!pattern.HasWildcards && node is ConfigMap map)
                    {
                        values.AddRange(map.Select(e => ExprValue.FromNode(e.Value) with { Secret = _redactor.IsSecret(path.Append(e.Key), e.Value) }));
                    }
                    else
                    {
                        values.Add(ExprValue.FromNode(node) with { Secret = secret });
                    }
                }
            }
            else
            {
                var v = Evaluate(arg);
                if (v.IsMissing)
                {
                    return v;
                }

                values.Add(v);
            }
        }

        values.RemoveAll(v => v.IsMissing);
        if (c.Name == "count")
        {
            return ExprValue.FromNumber(values.Count);
        }

        foreach (var v in values)
        {
            if (v.Kind != ExprKind.Number)
            {
                throw Needs(c.Name + "()", "numbers", v);
            }
        }

        if (values.Count == 0)
        {
            return c.Name == "sum" ? ExprValue.FromNumber(0) : ExprValue.Missing;
        }

        return c.Name switch
        {
            "sum" => ExprValue.FromNumber(values.Sum(v => v.Number)),
            "min" => ExprValue.FromNumber(values.Min(v => v.Number)),
            "max" => ExprValue.FromNumber(values.Max(v => v.Number)),
            _ => ExprValue.FromNumber(values.Average(v => v.Number)),
        };
    }

    private ExprValue Observe(CallExpr c, ExprValue value)
    {
        var bound = c with { Args = [.. c.Args.Select(a => a is PathExpr p ? p with { Pattern = Bind(p.Pattern) } : a)] };
        Observations.Add(new Observation(ExpressionPrinter.Print(bound), value, null));
        return value;
    }

    private static bool AreEqual(ExprValue a, ExprValue b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            ExprKind.Null => true,
            ExprKind.Bool => a.Bool == b.Bool,
            ExprKind.Number => a.Number.Equals(b.Number),
            ExprKind.String => string.Equals(a.Text, b.Text, StringComparison.Ordinal),
            _ => a.Node!.ValueEquals(b.Node),
        };
    }

    private static int Compare(ExprValue a, ExprValue b, string op)
    {
        if (a.Kind == ExprKind.Number && b.Kind == ExprKind.Number)
        {
            if (double.IsNaN(a.Number) || double.IsNaN(b.Number))
            {
                throw new ExpressionEvaluationException($"'{op}' cannot compare .nan");
            }

            return a.Number.CompareTo(b.Number);
        }

        if (a.Kind == ExprKind.String && b.Kind == ExprKind.String)
        {
            return string.CompareOrdinal(a.Text, b.Text);
        }

        throw new ExpressionEvaluationException($"'{op}' cannot compare a {a.KindName} ({a.Display()}) with a {b.KindName} ({b.Display()})");
    }

    private static ExpressionEvaluationException Needs(string what, string needs, ExprValue got) =>
        new($"{what} needs {needs}, but got a {got.KindName} ({got.Display()})");
}
