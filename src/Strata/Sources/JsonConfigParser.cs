using System.Text.Json;
using Strata.Model;
using Strata.Sources.Json;

namespace Strata.Sources;

/// <summary>
/// Reads JSON into a <see cref="ConfigMap"/> with <see cref="Utf8JsonReader"/>, keeping the line and
/// column of every value. Comments and trailing commas are accepted; duplicate keys, invalid UTF-8,
/// unpaired surrogate escapes, numbers that cannot be held exactly and content after the top-level
/// object are not.
/// </summary>
internal static class JsonConfigParser
{
    /// <summary>Parses UTF-8 JSON. Throws <see cref="ConfigurationLoadException"/> with file, line and column.</summary>
    /// <param name="utf8">The JSON bytes (a UTF-8 byte order mark is skipped).</param>
    /// <param name="source">The source name used in origins and errors.</param>
    /// <param name="layer">The layer the values belong to.</param>
    /// <param name="limits">Bounds on the input; <see cref="ParserLimits.Default"/> when null.</param>
    /// <param name="previous">The previous version's tree of the same file, whose nodes are used wherever the text yields the same ones.</param>
    /// <exception cref="ConfigurationLoadException">The input is not a JSON object Strata can read exactly; each error names the file, line and column.</exception>
    public static ConfigMap Parse(ReadOnlySpan<byte> utf8, string source, LayerKind layer, ParserLimits? limits = null, ConfigMap? previous = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= ParserLimits.Default;
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var skipped = 0;
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[3..];
            skipped = 3;
        }

        if (utf8.StartsWith(bom))
        {
            throw new ConfigurationLoadException(ConfigurationError.ForFile(source, "unexpected byte order mark"));
        }

        if (IsBlank(utf8))
        {
            return ConfigMap.Empty(new Origin(source, 1, 1, layer));
        }

        var state = new JsonParseState(source, layer, limits, previous);
        return new JsonTreeReader(utf8, state, skipped).Read();
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.IndexOfAnyExcept(" \t\r\n"u8) < 0;
}
