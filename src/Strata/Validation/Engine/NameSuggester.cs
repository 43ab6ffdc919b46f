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

        return best is not null && bestDistance <= Math.Max(2, wrong.Length / 4) ? best : null;
    }

    public static string Hint(string wrong, IEnumerable<string> known) =>
        Closest(wrong, known) is { } s ? $" (did you mean '{s}'?)" : string.Empty;

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
