using System.Text;
using System.Text.Json;
using Strata.Model;

namespace Strata.Sources;

/// <summary>
/// Reads JSON into a <see cref="ConfigMap"/> with <see cref="Utf8JsonReader"/>, keeping the line and
/// column of every value. Comments and trailing commas are accepted; duplicate keys are not.
/// </summary>
public static class JsonConfigParser
{
    /// <summary>Parses UTF-8 JSON. Throws <see cref="ConfigurationLoadException"/> with file, line and column.</summary>
    /// <param name="utf8">The JSON bytes (a UTF-8 byte order mark is skipped).</param>
    /// <param name="source">The source name used in origins and errors.</param>
    /// <param name="layer">The layer the values belong to.</param>
    /// <param name="limits">Bounds on the input; <see cref="ParserLimits.Default"/> when null.</param>
    public static ConfigMap Parse(ReadOnlySpan<byte> utf8, string source, LayerKind layer, ParserLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= ParserLimits.Default;
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        var lines = new LineTable(utf8);
        if (IsBlank(utf8))
        {
            return ConfigMap.Empty(new Origin(source, 1, 1, layer));
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = limits.MaxDepth + 1,
        });
        var ctx = new Context(source, layer, limits, lines);
        try
        {
            if (!reader.Read())
            {
                return ConfigMap.Empty(new Origin(source, 1, 1, layer));
            }

            var root = ReadValue(ref reader, ctx, ConfigPath.Root, utf8);
            return root as ConfigMap
                ?? throw Context.Error(root.Origin, string.Empty, $"the top level must be an object of keys, but it is a {root.TypeName}");
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }

            if (message.Contains("depth", StringComparison.OrdinalIgnoreCase))
            {
                message = $"nesting is deeper than the limit of {limits.MaxDepth} levels";
            }

            throw new ConfigurationLoadException(new ConfigurationError(source, line, column, string.Empty, "JSON syntax error: " + message.TrimEnd('.')));
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static ConfigNode ReadValue(ref Utf8JsonReader reader, Context ctx, ConfigPath path, ReadOnlySpan<byte> utf8)
    {
        var origin = ctx.OriginAt(reader.TokenStartIndex);
        ctx.Count(origin, path);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = new List<KeyValuePair<string, ConfigNode>>();
                var seen = new Dictionary<string, Origin>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyOrigin = ctx.OriginAt(reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    var childPath = path.Append(key);
                    if (seen.TryGetValue(key, out var first))
                    {
                        throw Context.Error(keyOrigin, childPath.Text, $"duplicate key '{key}' (first defined at line {first.Line})");
                    }

                    seen[key] = keyOrigin;
                    reader.Read();
                    entries.Add(new(key, ReadValue(ref reader, ctx, childPath, utf8)));
                }

                return new ConfigMap(entries, origin);
            }

            case JsonTokenType.StartArray:
            {
                var items = new List<ConfigNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, ctx, path.Append(items.Count), utf8));
                }

                return new ConfigSequence(items, origin);
            }

            case JsonTokenType.String:
                return ConfigScalar.String(reader.GetString()!, origin, isQuoted: true);
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? ConfigScalar.Int(l, origin) : ConfigScalar.Float(reader.GetDouble(), origin);
            case JsonTokenType.True:
                return ConfigScalar.Bool(true, origin);
            case JsonTokenType.False:
                return ConfigScalar.Bool(false, origin);
            case JsonTokenType.Null:
                return ConfigScalar.Null(origin);
            default:
                throw Context.Error(origin, path.Text, $"unexpected JSON token {reader.TokenType}");
        }
    }

    private sealed class Context(string source, LayerKind layer, ParserLimits limits, LineTable lines)
    {
        private long _nodes;

        public Origin OriginAt(long offset)
        {
            var (line, column) = lines.Locate(offset);
            return new Origin(source, line, column, layer);
        }

        public void Count(Origin at, ConfigPath path)
        {
            if (++_nodes > limits.MaxNodes)
            {
                throw Error(at, path.Text, $"the file has more than {limits.MaxNodes} keys and values, the limit");
            }
        }

        public static ConfigurationLoadException Error(Origin at, string path, string message) => new(ConfigurationError.At(at, path, message));
    }

    /// <summary>Maps byte offsets to 1-based lines and character columns.</summary>
    private sealed class LineTable
    {
        private readonly List<int> _starts = [0];
        private readonly byte[] _bytes;

        public LineTable(ReadOnlySpan<byte> utf8)
        {
            _bytes = utf8.ToArray();
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public (int Line, int Column) Locate(long offset)
        {
            var index = _starts.BinarySearch((int)offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            var start = _starts[index];
            var column = Encoding.UTF8.GetCharCount(_bytes, start, (int)offset - start) + 1;
            return (index + 1, column);
        }
    }
}
