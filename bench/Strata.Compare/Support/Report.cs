using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Strata.Compare.Support;

/// <summary>Prints result rows as a Markdown table (console and docs alike) and writes them as JSON.</summary>
internal static class Report
{
    public static string ToMarkdown(IEnumerable<ResultRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| scenario | measure | Strata | M.E.C. | M.E.C. setup | Strata / M.E.C. | note |");
        sb.AppendLine("|---|---|--:|--:|---|--:|---|");
        foreach (var r in rows)
        {
            var ratio = r.Ratio is { } x ? Format(x) + "×" : "—";
            var flag = r.StrataBehind ? " ⚠" : string.Empty;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Measure} ({r.Unit}) | {Format(r.Strata)} | {Format(r.Mec)} | {r.MecVariant} | {ratio}{flag} | {r.Note} |");
        }

        return sb.ToString();
    }

    public static string Format(double? value)
    {
        if (value is not { } v)
        {
            return "—";
        }

        if (double.IsInfinity(v) || double.IsNaN(v))
        {
            return "—";
        }

        var a = Math.Abs(v);
        return a == 0 ? "0"
            : a >= 1000 ? v.ToString("#,0", CultureInfo.InvariantCulture)
            : a >= 100 ? v.ToString("0", CultureInfo.InvariantCulture)
            : a >= 10 ? v.ToString("0.0", CultureInfo.InvariantCulture)
            : a >= 1 ? v.ToString("0.00", CultureInfo.InvariantCulture)
            : v.ToString("0.000", CultureInfo.InvariantCulture);
    }

    public static void WriteJson(string path, RunInfo info, IReadOnlyList<ResultRow> rows)
    {
        var document = new
        {
            info.Command,
            info.Quick,
            info.Seed,
            info.Machine,
            started = info.Started,
            rows = rows.Select(r => new
            {
                scenario = r.Scenario,
                measure = r.Measure,
                unit = r.Unit,
                strata = Clean(r.Strata),
                mec = Clean(r.Mec),
                mecSetup = r.MecVariant,
                ratio = Clean(r.Ratio),
                lowerIsBetter = r.LowerIsBetter,
                strataBehind = r.StrataBehind,
                note = r.Note,
            }),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static double? Clean(double? v) => v is { } x && (double.IsNaN(x) || double.IsInfinity(x)) ? null : v;
}
