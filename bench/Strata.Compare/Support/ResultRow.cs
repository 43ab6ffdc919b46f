namespace Strata.Compare.Support;

/// <summary>
/// One measured line: the same quantity for Strata and for Microsoft.Extensions.Configuration, from
/// the same process run on the same data. <see cref="Ratio"/> is Strata / M.E.C.; whether lower is
/// better is stated, so "Strata slower" rows can be found mechanically.
/// </summary>
internal sealed record ResultRow(string Scenario, string Measure, string Unit, double? Strata, double? Mec, string MecVariant, bool LowerIsBetter = true, string Note = "", bool Informational = false)
{
    public double? Ratio => !Informational && Strata is { } s && Mec is { } m && m != 0 ? s / m : null;

    /// <summary>True when Strata is measurably worse on this row (more than 5% and more than a rounding error).</summary>
    public bool StrataBehind => !Informational && Strata is { } s && Mec is { } m
        && (LowerIsBetter ? s > m * 1.05 && s - m > 1e-9 : s < m * 0.95);
}
