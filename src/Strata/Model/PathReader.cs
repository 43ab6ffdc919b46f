using System.Globalization;

namespace Strata.Model;

/// <summary>
/// Reads path text one step at a time, in the grammar <see cref="ConfigPath"/> documents; with
/// wildcards on, <c>*</c> (any key) and <c>[*]</c> (any item) are steps too. Errors name the text,
/// the 1-based position and what was expected there.
/// </summary>
internal ref struct PathReader
{
    private readonly string _text;
    private readonly bool _wildcards;
    private int _pos;
    private bool _expectKey;
    private bool _first;

    /// <summary>Starts reading <paramref name="text"/>, which must not be empty.</summary>
    public PathReader(string text, bool wildcards)
    {
        _text = text;
        _wildcards = wildcards;
        _expectKey = true;
        _first = true;
        IsCanonical = true;
    }

    /// <summary>True while everything read so far is spelled as the canonical text spells it.</summary>
    public bool IsCanonical { get; private set; }

    /// <summary>Reads the next step. False at the end (<paramref name="error"/> null) or on an error.</summary>
    public bool TryNext(out PathToken token, out string? error)
    {
        token = default;
        error = null;
        var text = _text;
        if (_pos == text.Length)
        {
            if (_expectKey)
            {
                error = _first ? "a key path cannot be empty" : Fail($"empty key at position {_pos + 1}: the path ends with '.'");
            }

            return false;
        }

        var c = text[_pos];
        if (c == '[')
        {
            if (_first)
            {
                error = Fail("a path must start with a key, not an index");
                return false;
            }

            if (_expectKey)
            {
                error = Fail($"empty key at position {_pos + 1}: expected a key after '.', found '['");
                return false;
            }

            return TryReadIndex(out token, out error);
        }

        if (!_expectKey)
        {
            if (c != '.')
            {
                error = Fail($"expected '.' or '[' at position {_pos + 1}, found {PathSyntax.Show(c)}");
                return false;
            }

            _pos++;
            _expectKey = true;
            if (_pos == text.Length)
            {
                error = Fail($"empty key at position {_pos + 1}: the path ends with '.'");
                return false;
            }

            c = text[_pos];
        }

        if (c == '.')
        {
            error = Fail($"empty key at position {_pos + 1}");
            return false;
        }

        if (c == '[')
        {
            error = Fail($"empty key at position {_pos + 1}: expected a key after '.', found '['");
            return false;
        }

        _first = false;
        _expectKey = false;
        if (c == '`')
        {
            if (!PathSyntax.TryReadQuoted(text, ref _pos, out var quoted, out error))
            {
                return false;
            }

            IsCanonical &= !PathSyntax.IsBare(quoted);
            token = new PathToken(PathTokenKind.Key, quoted, -1);
            return true;
        }

        if (c == '*' && _wildcards && (_pos + 1 == text.Length || text[_pos + 1] is '.' or '['))
        {
            _pos++;
            token = new PathToken(PathTokenKind.AnyKey, null, -1);
            return true;
        }

        return TryReadBare(out token, out error);
    }

    private readonly string Fail(string message) => "'" + PathSyntax.Echo(_text) + "': " + message;

    private bool TryReadBare(out PathToken token, out string? error)
    {
        token = default;
        var text = _text;
        var start = _pos;
        while (_pos < text.Length && text[_pos] is not ('.' or '['))
        {
            var c = text[_pos];
            if (PathSyntax.IsSpecial(c))
            {
                error = Fail(c is ']' or '`'
                    ? $"unexpected {PathSyntax.Show(c)} at position {_pos + 1}"
                    : $"{PathSyntax.Show(c)} at position {_pos + 1} cannot appear in a bare key; write the key in backticks");
                return false;
            }

            _pos++;
        }

        var key = text[start.._pos];
        if (char.IsWhiteSpace(key[0]) || char.IsWhiteSpace(key[^1]))
        {
            error = Fail($"key '{key}' at position {start + 1} has leading or trailing spaces; write it in backticks to keep them");
            return false;
        }

        token = new PathToken(PathTokenKind.Key, key, -1);
        error = null;
        return true;
    }

    private bool TryReadIndex(out PathToken token, out string? error)
    {
        token = default;
        var text = _text;
        var open = _pos;
        var close = text.IndexOf(']', open);
        if (close < 0)
        {
            error = Fail($"'[' at position {open + 1} is never closed");
            return false;
        }

        var inside = text.AsSpan(open + 1, close - open - 1);
        _pos = close + 1;
        if (_wildcards && inside is "*")
        {
            token = new PathToken(PathTokenKind.AnyIndex, null, -1);
            error = null;
            return true;
        }

        if (inside.IsEmpty || !int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            error = Fail($"'[{PathSyntax.Echo(inside.ToString())}]' at position {open + 1} is not a list index (a whole number from 0{(_wildcards ? ", or * for every item" : string.Empty)})");
            return false;
        }

        IsCanonical &= inside.Length == 1 || inside[0] != '0';
        token = new PathToken(PathTokenKind.Index, null, index);
        error = null;
        return true;
    }
}
