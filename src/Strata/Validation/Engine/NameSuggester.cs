namespace Strata.Validation.Engine;

/// <summary>Finds the known name closest to a misspelt one, for "did you mean" hints.</summary>
internal static class NameSuggester
{
    public static string? Closest(string wrong, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var prefix = Math.Min(wrong.Length, candidate.Length) >= 3
                && (wrong.StartsWith(candidate, StringComparison.OrdinalIgnoreCase) || candidate.StartsWith(wrong, StringComparison.OrdinalIgnoreCase));
            var d = prefix ? 1 : Distance(wrong, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        var allowed = wrong.Length <= 3 ? 1 : Math.Max(2, wrong.Length / 4);
        return best is not null && bestDistance <= allowed && bestDistance < Math.Min(wrong.Length, best.Length) ? best : null;
    }

    public static string Hint(string wrong, IEnumerable<string> known) =>
        Closest(wrong, known) is { } s ? $" (did you mean '{s}'?)" : string.Empty;

    /// <summary>Edit distance counting a swap of neighbours as one edit (optimal string alignment).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
