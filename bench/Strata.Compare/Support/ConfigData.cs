using System.Globalization;
using System.Text;

namespace Strata.Compare.Support;

/// <summary>
/// Generated configurations, identical for both systems: JSON objects of sections with ten keys each,
/// mixing integers, strings, booleans and floats, so parsing and typing cost what real files cost.
/// </summary>
internal static class ConfigData
{
    /// <summary>A JSON document with <paramref name="keys"/> leaf keys; <paramref name="generation"/> changes one value (<c>meta.generation</c> (<c>{prefix}meta.generation</c> for another prefix); <paramref name="overrides"/> replaces values by key number).</summary>
    /// <remarks>A non-zero <paramref name="salt"/> changes every value (same keys, same types), for reloads in which nothing can be shared.</remarks>
    public static string Document(int keys, long generation, string prefix = "s", IReadOnlyDictionary<int, long>? overrides = null, long salt = 0)
    {
        var sb = new StringBuilder(keys * 24);
        sb.Append("{\n  \"").Append(prefix == "s" ? string.Empty : prefix).Append("meta\": { \"generation\": ").Append(generation.ToString(CultureInfo.InvariantCulture)).Append(" }");
        var sections = Math.Max(1, (keys - 1 + 9) / 10);
        var written = 1;
        for (var s = 0; s < sections && written < keys; s++)
        {
            sb.Append(",\n  \"").Append(prefix).Append(s.ToString("D5", CultureInfo.InvariantCulture)).Append("\": {");
            for (var k = 0; k < 10 && written < keys; k++, written++)
            {
                if (k > 0)
                {
                    sb.Append(',');
                }

                sb.Append(" \"k").Append(k).Append("\": ");
                var n = (s * 10) + k;
                if (overrides is not null && overrides.TryGetValue(n, out var changed))
                {
                    sb.Append(changed.ToString(CultureInfo.InvariantCulture));
                    continue;
                }

                switch (k % 4)
                {
                    case 0:
                        sb.Append((((n * 7919) % 100_000) + salt).ToString(CultureInfo.InvariantCulture));
                        break;
                    case 1:
                        sb.Append("\"value-").Append(n.ToString(CultureInfo.InvariantCulture));
                        if (salt != 0)
                        {
                            sb.Append('-').Append(salt.ToString(CultureInfo.InvariantCulture));
                        }

                        sb.Append('"');
                        break;
                    case 2:
                        sb.Append((n + salt) % 2 == 0 ? "true" : "false");
                        break;
                    default:
                        sb.Append(((n / 8.0) + salt).ToString("0.0##", CultureInfo.InvariantCulture));
                        break;
                }
            }

            sb.Append(" }");
        }

        sb.Append("\n}\n");
        return sb.ToString();
    }
}
