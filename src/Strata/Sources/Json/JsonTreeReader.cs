using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Strata.Model;

namespace Strata.Sources.Json;

/// <summary>
/// Reads JSON tokens into a <see cref="ConfigMap"/> with an explicit stack of open containers, so no
/// nesting depth can overflow the call stack. The reader is fed the input as a non-final block: at an
/// unexpected end it stops instead of throwing, which tells an unclosed container from other errors
/// without looking at exception text.
/// </summary>
internal ref struct JsonTreeReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = int.MaxValue,
    };

    private readonly ReadOnlySpan<byte> _utf8;
    private readonly JsonParseState _state;
    private readonly int _badUtf8;
    private readonly int _skipped;
    private Utf8JsonReader _reader;

    /// <param name="utf8">The input after any byte order mark.</param>
    /// <param name="state">The parse state.</param>
    /// <param name="skipped">How many bytes before <paramref name="utf8"/> the file starts (its byte order mark).</param>
    public JsonTreeReader(ReadOnlySpan<byte> utf8, JsonParseState state, int skipped)
    {
        _utf8 = utf8;
        _state = state;
        _skipped = skipped;
        _badUtf8 = Utf8Text.FirstInvalidUtf8(utf8);
        _reader = new Utf8JsonReader(utf8, isFinalBlock: false, new JsonReaderState(Options));
    }

    /// <summary>Reads the whole input; throws <see cref="ConfigurationLoadException"/> for any problem in it.</summary>
    public ConfigMap Read()
    {
        try
        {
            return ReadTree();
        }
        catch (JsonException ex)
        {
            throw SyntaxError(ex, _utf8, 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConfigMap ReadTree()
    {
        while (true)
        {
            if (!_reader.Read())
            {
                return EndOfInput();
            }

            if (_badUtf8 >= 0 && _reader.BytesConsumed > _badUtf8)
            {
                throw InvalidUtf8InToken();
            }

            switch (_reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    Open();
                    break;
                case JsonTokenType.PropertyName:
                    ReadKey();
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    var node = _state.Close();
                    if (_state.Depth == 0)
                    {
                        CheckNothingFollows();
                        return (ConfigMap)node;
                    }

                    _state.Attach(node);
                    break;
                default:
                    if (_state.Depth == 0)
                    {
                        throw NotAnObject(ref _reader, _reader.TokenStartIndex);
                    }

                    _state.Attach(ReadScalar());
                    break;
            }
        }
    }

    private void Open()
    {
        var offset = _reader.TokenStartIndex;
        var isObject = _reader.TokenType == JsonTokenType.StartObject;
        if (_state.Depth == 0 && !isObject)
        {
            throw NotAnObject(ref _reader, offset);
        }

        _state.Count(_utf8, offset);
        var (line, column) = _state.Locate(_utf8, offset);
        if (_state.Depth > _state.Limits.MaxDepth)
        {
            throw JsonParseState.Error(_state.NewOrigin(line, column).ToOrigin(), _state.PathText(), $"nesting is deeper than the limit of {_state.Limits.MaxDepth} levels");
        }

        _state.Open(isObject, line, column);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadKey()
    {
        var frame = _state.Top;
        var offset = _reader.TokenStartIndex;
        CheckSurrogates(offset);
        // A key in the same place as in the previous version is that version's string; while every key so far is, the
        // object's keys are those of a map that had no duplicates, so there is nothing to look for.
        var inPlace = _state.PreviousKeyInPlace(ref _reader);
        var key = inPlace ?? (_reader.ValueSpan.Length <= KeyPool.MaxKeyLength ? PooledKey() : _reader.GetString()!);
        var first = inPlace is not null && frame.KeysInPlace ? -1 : _state.OffsetOfKey(key);
        _state.SetKey(key, offset);
        if (first >= 0)
        {
            var line = _state.OriginAt(_utf8, first).Line;
            throw _state.ErrorAt(_utf8, offset, _state.PathText(), $"duplicate key '{JsonText.Printable(key)}' (first defined at line {line})");
        }
    }

    /// <summary>The current short key, unescaped, as the parse's one instance of it.</summary>
    private string PooledKey()
    {
        Span<char> buffer = stackalloc char[KeyPool.MaxKeyLength];
        var length = _reader.CopyString(buffer);
        return _state.Keys.Get(buffer[..length]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConfigScalar ReadScalar()
    {
        var offset = _reader.TokenStartIndex;
        _state.Count(_utf8, offset);
        var (line, column) = _state.Locate(_utf8, offset);
        if (_reader.TokenType == JsonTokenType.String)
        {
            CheckSurrogates(offset);
        }

        if (_state.PreviousValue() is ConfigScalar previous && _state.IsAt(previous, line, column) && JsonNumbers.SameValue(ref _reader, previous))
        {
            return previous;
        }

        var origin = _state.NewOrigin(line, column);
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                return ConfigScalar.Parsed(ScalarKind.String, 0, 0, _reader.GetString()!, origin, isQuoted: true);
            case JsonTokenType.Number:
                return JsonNumbers.Read(ref _reader, origin, out var problem)
                    ?? throw JsonParseState.Error(origin.ToOrigin(), _state.PathText(), problem!);
            case JsonTokenType.True:
                return ConfigScalar.Parsed(ScalarKind.Bool, 1, 0, null, origin);
            case JsonTokenType.False:
                return ConfigScalar.Parsed(ScalarKind.Bool, 0, 0, null, origin);
            case JsonTokenType.Null:
                return ConfigScalar.Parsed(ScalarKind.Null, 0, 0, null, origin);
            default:
                throw JsonParseState.Error(origin.ToOrigin(), _state.PathText(), $"unexpected JSON token {_reader.TokenType}");
        }
    }

    /// <summary>Rejects a string (key or value) whose escapes leave half of a surrogate pair.</summary>
    private void CheckSurrogates(long offset)
    {
        if (!_reader.ValueIsEscaped)
        {
            return;
        }

        var raw = _reader.ValueSpan;
        var at = JsonText.FindUnpairedSurrogate(raw);
        if (at >= 0)
        {
            var escape = Encoding.ASCII.GetString(raw.Slice(at, 6));
            throw _state.ErrorAt(_utf8, offset, _state.PathText(), $"the string contains an unpaired surrogate escape '{escape}'");
        }
    }

    /// <summary>The input ran out with containers still open, or before the top-level value was complete.</summary>
    private ConfigMap EndOfInput()
    {
        if (_badUtf8 >= 0)
        {
            throw InvalidUtf8(_badUtf8);
        }

        // What the reader could not finish: an optional comma, then at most one value or key that
        // the end of the input cuts off or that needed the end to be complete (a number, a literal).
        var content = ContentFrom((int)_reader.BytesConsumed);
        if (content >= 0 && _utf8[content] == (byte)',' && _state.Depth > 0)
        {
            content = ContentFrom(content + 1);
        }

        if (content >= 0)
        {
            // A lone scalar reads the same in any context, so a fresh reader tells whether it is whole.
            var rest = _utf8[content..];
            var last = new Utf8JsonReader(rest, isFinalBlock: true, new JsonReaderState(Options));
            try
            {
                last.Read();
            }
            catch (JsonException ex)
            {
                throw SyntaxError(ex, rest, content);
            }

            if (_state.Depth == 0)
            {
                throw NotAnObject(ref last, content + last.TokenStartIndex);
            }
        }

        if (_state.Depth == 0)
        {
            return ConfigMap.Empty(_state.OriginAt(_utf8, 0));
        }

        var open = _state.Top;
        var kind = open.IsObject ? "object" : "array";
        throw JsonParseState.Error(open.Origin.ToOrigin(), _state.PathText(_state.Depth - 1), $"the {kind} opened here is never closed");
    }

    /// <summary>The offset of the next byte that is not whitespace or a comment, or -1; an unclosed comment is an error.</summary>
    private int ContentFrom(int start)
    {
        var content = JsonText.FindContent(_utf8, start, out var unclosedComment);
        return unclosedComment
            ? throw _state.ErrorAt(_utf8, content, string.Empty, "the comment opened here is never closed")
            : content;
    }

    /// <summary>After the top-level object only whitespace and comments may follow.</summary>
    private void CheckNothingFollows()
    {
        var content = JsonText.FindContent(_utf8, (int)_reader.BytesConsumed, out var unclosedComment);
        if (_badUtf8 >= 0 && (content < 0 || _badUtf8 <= content))
        {
            throw InvalidUtf8(_badUtf8);
        }

        if (content >= 0)
        {
            throw _state.ErrorAt(_utf8, content, string.Empty, unclosedComment
                ? "the comment opened here is never closed"
                : "unexpected content after the end of the top-level object");
        }
    }

    private ConfigurationLoadException NotAnObject(ref Utf8JsonReader reader, long offset) =>
        _state.ErrorAt(_utf8, offset, string.Empty, $"the top level must be an object of keys, but it is a {JsonNumbers.TypeNameOf(ref reader)}");

    /// <summary>The token just read, or what was skipped before it, holds the first invalid byte.</summary>
    private ConfigurationLoadException InvalidUtf8InToken()
    {
        var start = _reader.TokenStartIndex;
        if (start > _badUtf8 || _reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return InvalidUtf8(_badUtf8);
        }

        // A key is reported under the path of its object; a value under its own.
        var path = _reader.TokenType == JsonTokenType.PropertyName ? _state.PathText(_state.Depth - 1) : _state.PathText();
        return _state.ErrorAt(_utf8, start, path, Utf8Message());
    }

    private ConfigurationLoadException InvalidUtf8(long offset) =>
        _state.ErrorAt(_utf8, offset, _state.PathText(), Utf8Message());

    private readonly string Utf8Message() => $"not valid UTF-8 (byte offset {_badUtf8 + _skipped})";

    private ConfigurationLoadException SyntaxError(JsonException ex, ReadOnlySpan<byte> span, int start)
    {
        var offset = start + JsonLineCursor.OffsetOf(span, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
        if (_badUtf8 >= 0 && _badUtf8 <= offset)
        {
            return InvalidUtf8(_badUtf8);
        }

        return _state.ErrorAt(_utf8, offset, string.Empty, "JSON syntax error: " + JsonText.OneLine(ex.Message));
    }
}
