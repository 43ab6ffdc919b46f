using System.Text;
using Strata.Model;

namespace Strata.Sources;

/// <summary>
/// Parses a configuration file by its extension: <c>.yaml</c> and <c>.yml</c> as YAML, <c>.json</c> as JSON.
/// Handles byte order marks, CRLF line endings and invalid UTF-8 with clear errors.
/// </summary>
public static class ConfigFileParser
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The file extensions Strata reads, with the dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".yaml", ".yml", ".json"];

    /// <summary>True when the file name has an extension Strata reads.</summary>
    /// <param name="path">A file name or path.</param>
    public static bool IsConfigFile(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses file content. Throws <see cref="ConfigurationLoadException"/> naming the file, line and column.</summary>
    /// <param name="content">The raw bytes.</param>
    /// <param name="source">The source name (path relative to the config directory), whose extension picks the format.</param>
    /// <param name="layer">The layer.</param>
    /// <param name="limits">Bounds on the input.</param>
    /// <param name="fileName">The file name whose extension picks the format, when <paramref name="source"/> does not end with it (<c>etcd:/p/base.yaml@42</c>).</param>
    public static ConfigMap Parse(byte[] content, string source, LayerKind layer, ParserLimits? limits = null, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Parse(content.AsSpan(), source, layer, limits, fileName, previous: null);
    }

    /// <summary>Parses file content, as the public overload does, sharing nodes with the previous version of the file.</summary>
    /// <param name="content">The raw bytes.</param>
    /// <param name="source">The source name, whose extension picks the format.</param>
    /// <param name="layer">The layer.</param>
    /// <param name="limits">Bounds on the input.</param>
    /// <param name="fileName">The file name whose extension picks the format, when <paramref name="source"/> does not end with it.</param>
    /// <param name="previous">
    /// The tree of the previous version of the same file, with the same source and layer: a JSON parse hands back its nodes
    /// wherever nothing changed instead of building new ones (see <see cref="StructuralSharing"/>, which does it after the
    /// fact for YAML); null to build everything.
    /// </param>
    internal static ConfigMap Parse(ReadOnlySpan<byte> content, string source, LayerKind layer, ParserLimits? limits, string? fileName, ConfigMap? previous)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= ParserLimits.Default;
        if (content.Length > limits.MaxFileBytes)
        {
            throw new ConfigurationLoadException(ConfigurationError.ForFile(source, $"the file is {content.Length} bytes, over the limit of {limits.MaxFileBytes}"));
        }

        var extension = Path.GetExtension(fileName ?? source).ToUpperInvariant();
        if (extension == ".JSON")
        {
            return JsonConfigParser.Parse(content, source, layer, limits, previous);
        }

        if (extension is not (".YAML" or ".YML"))
        {
            throw new ConfigurationLoadException(ConfigurationError.ForFile(source, "unknown file type; use .yaml, .yml or .json"));
        }

        // The YAML parser skips one leading byte order mark and rejects any other.
        if (Utf8Text.FirstInvalidUtf8(content) is var invalid and >= 0)
        {
            var bom = content.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            var before = Encoding.UTF8.GetString(content[bom..invalid]);
            var (line, column) = YamlText.Position(before, before.Length);
            throw new ConfigurationLoadException(new ConfigurationError(source, line, column, string.Empty, $"not valid UTF-8 (byte offset {invalid})"));
        }

        return YamlConfigParser.Parse(Encoding.UTF8.GetString(content), source, layer, limits);
    }
}
