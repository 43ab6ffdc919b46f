using System.Globalization;
using System.Text;

namespace Strata.Compare.Faults;

/// <summary>
/// The configuration the fault script writes. Every version has the same 43 keys, so a missing key is
/// always a lost key, never a legitimately removed one. Values carry their generation
/// (<c>items.k07 = "v123-7"</c>), so a read tells which version it came from and whether that version
/// was ever valid. Valid versions keep <c>service.port</c> in 1..65535; a schema-invalid version puts it
/// out of range.
/// </summary>
internal static class FaultContent
{
    public const int Items = 40;

    /// <summary>The keys, dot form (Strata); <see cref="MecKeys"/> has the same keys in colon form.</summary>
    public static readonly string[] Keys = BuildKeys();

    public static readonly string[] MecKeys = [.. Keys.Select(k => k.Replace('.', ':'))];

    public static string[] Values(long generation, bool schemaValid = true)
    {
        var values = new string[Keys.Length];
        values[0] = generation.ToString(CultureInfo.InvariantCulture);
        values[1] = (schemaValid ? 1024 + (generation % 60_000) : 70_000 + generation).ToString(CultureInfo.InvariantCulture);
        values[2] = (100 + (generation % 900)).ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < Items; i++)
        {
            values[3 + i] = $"v{generation}-{i}";
        }

        return values;
    }

    public static byte[] Json(long generation, bool schemaValid = true)
    {
        var v = Values(generation, schemaValid);
        var sb = new StringBuilder(2048);
        sb.Append("{\n  \"meta\": { \"generation\": ").Append(v[0]).Append(" },\n");
        sb.Append("  \"service\": { \"port\": ").Append(v[1]).Append(", \"timeout_ms\": ").Append(v[2]).Append(" },\n");
        sb.Append("  \"items\": {\n");
        for (var i = 0; i < Items; i++)
        {
            sb.Append("    \"k").Append(i.ToString("D2", CultureInfo.InvariantCulture)).Append("\": \"").Append(v[3 + i]).Append('"').Append(i < Items - 1 ? ",\n" : "\n");
        }

        sb.Append("  }\n}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A syntax error: a version whose object never closes and has a stray comma.</summary>
    public static byte[] Malformed(long generation)
    {
        var text = Encoding.UTF8.GetString(Json(generation));
        var broken = text[..text.LastIndexOf('}')].Replace("\"k05\":", "\"k05\":,", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(broken);
    }

    /// <summary>The generation a value carries, or -1 (port and timeout values do not identify one).</summary>
    public static long GenerationOf(int keyIndex, string value)
    {
        if (keyIndex == 0)
        {
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : -1;
        }

        if (keyIndex >= 3 && value.Length > 1 && value[0] == 'v')
        {
            var dash = value.IndexOf('-', StringComparison.Ordinal);
            return dash > 1 && long.TryParse(value.AsSpan(1, dash - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : -1;
        }

        return -1;
    }

    private static string[] BuildKeys()
    {
        var keys = new List<string> { "meta.generation", "service.port", "service.timeout_ms" };
        for (var i = 0; i < Items; i++)
        {
            keys.Add($"items.k{i:D2}");
        }

        return [.. keys];
    }
}
