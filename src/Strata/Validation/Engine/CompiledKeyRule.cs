using System.Text.RegularExpressions;

namespace Strata.Validation.Engine;

/// <summary>A key rule ready to run: its effective types (inferred from min/max or pattern when not given) and compiled regex.</summary>
internal sealed record CompiledKeyRule(KeyRule Rule, IReadOnlyList<ConfigValueType> Types, Regex? Regex);
