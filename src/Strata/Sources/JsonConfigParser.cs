using System.Runtime.InteropServices;
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

        var lines = new LineCursor();
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

            var root = ReadValue(ref reader, ctx, utf8);
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

    private static ConfigNode ReadValue(ref Utf8JsonReader reader, Context ctx, ReadOnlySpan<byte> utf8)
    {
        var origin = ctx.OriginAt(utf8, reader.TokenStartIndex);
        ctx.Count(origin);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                // Entries of all open objects share one stack; an object's slice becomes its array at the end.
                var entries = ctx.Entries;
                var offsets = ctx.KeyOffsets;
                var start = entries.Count;
                Dictionary<string, int>? positions = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyOffset = reader.TokenStartIndex;
                    var key = reader.GetString()!;
                    var first = IndexOfKey(entries, start, ref positions, key);
                    if (first >= 0)
                    {
                        ctx.Push(key);
                        throw Context.Error(ctx.OriginAt(utf8, keyOffset), ctx.PathText(), $"duplicate key '{key}' (first defined at line {ctx.OriginAt(utf8, offsets[first]).Line})");
                    }

                    reader.Read();
                    ctx.Push(key);
                    var value = ReadValue(ref reader, ctx, utf8);
                    ctx.Pop();

                    // Added after the value: a nested object has used (and released) the stacks above this point.
                    positions?.Add(key, entries.Count);
                    offsets.Add(keyOffset);
                    entries.Add(new(key, value));
                }

                var count = entries.Count - start;
                var array = count == 0 ? [] : CollectionsMarshal.AsSpan(entries).Slice(start, count).ToArray();
                entries.RemoveRange(start, count);
                offsets.RemoveRange(start, count);
                return ConfigMap.FromUniqueEntries(array, origin);
            }

            case JsonTokenType.StartArray:
            {
                var items = ctx.Items;
                var start = items.Count;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ctx.Push(items.Count - start);
                    var item = ReadValue(ref reader, ctx, utf8);
                    ctx.Pop();
                    items.Add(item);
                }

                var count = items.Count - start;
                var array = count == 0 ? [] : CollectionsMarshal.AsSpan(items).Slice(start, count).ToArray();
                items.RemoveRange(start, count);
                return ConfigSequence.FromItems(array, origin);
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
                throw Context.Error(origin, ctx.PathText(), $"unexpected JSON token {reader.TokenType}");
        }
    }

    /// <summary>Finds an earlier entry of the object starting at <paramref name="start"/> with the same key: a scan for small objects, a dictionary once they grow.</summary>
    private static int IndexOfKey(List<KeyValuePair<string, ConfigNode>> entries, int start, ref Dictionary<string, int>? positions, string key)
    {
        if (positions is not null)
        {
            return positions.TryGetValue(key, out var at) ? at : -1;
        }

        for (var i = start; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        if (entries.Count - start >= 8)
        {
            positions = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = start; i < entries.Count; i++)
            {
                positions[entries[i].Key] = i;
            }
        }

        return -1;
    }

    /// <summary>Parse state: origins, the node count limit, and the path being read (materialized only for errors).</summary>
    private sealed class Context(string source, LayerKind layer, ParserLimits limits, LineCursor lines)
    {
        private readonly List<(string? Key, int Index)> _path = [];
        private long _nodes;

        public List<KeyValuePair<string, ConfigNode>> Entries { get; } = [];

        public List<long> KeyOffsets { get; } = [];

        public List<ConfigNode> Items { get; } = [];

        public Origin OriginAt(ReadOnlySpan<byte> utf8, long offset)
        {
            var (line, column) = lines.Locate(utf8, offset);
            return new Origin(source, line, column, layer);
        }

        public void Count(Origin at)
        {
            if (++_nodes > limits.MaxNodes)
            {
                throw Error(at, PathText(), $"the file has more than {limits.MaxNodes} keys and values, the limit");
            }
        }

        public void Push(string key) => _path.Add((key, 0));

        public void Push(int index) => _path.Add((null, index));

        public void Pop() => _path.RemoveAt(_path.Count - 1);

        public string PathText()
        {
            var path = ConfigPath.Root;
            foreach (var (key, index) in _path)
            {
                path = key is null ? path.Append(index) : path.Append(key);
            }

            return path.Text;
        }

        public static ConfigurationLoadException Error(Origin at, string path, string message) => new(ConfigurationError.At(at, path, message));
    }

    /// <summary>
    /// Maps byte offsets to 1-based lines and character columns. Token offsets arrive in increasing order,
    /// so the cursor only scans forward from the previous one: no copy of the input and no line table. An
    /// earlier offset (only when reporting an error) starts the scan over.
    /// </summary>
    private sealed class LineCursor
    {
        private int _line;
        private int _offset;
        private int _chars;

        public (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, long at)
        {
            var offset = (int)Math.Min(at, utf8.Length);
            if (offset < _offset)
            {
                _line = 0;
                _offset = 0;
                _chars = 0;
            }

            int newline;
            while ((newline = utf8[_offset..offset].IndexOf((byte)'\n')) >= 0)
            {
                _line++;
                _offset += newline + 1;
                _chars = 0;
            }

            _chars += Encoding.UTF8.GetCharCount(utf8[_offset..offset]);
            _offset = offset;
            return (_line + 1, _chars + 1);
        }
    }
}
