using System.Runtime.CompilerServices;
using System.Text;

namespace Strata.Sources.Json;

/// <summary>
/// Maps byte offsets to 1-based lines and character columns. Token offsets arrive in increasing order,
/// so the cursor only scans forward from the previous one: no copy of the input and no line table. An
/// earlier offset (only when reporting an error) starts the scan over.
/// </summary>
internal sealed class JsonLineCursor
{
    private int _line;
    private int _offset;
    private int _chars;

    /// <summary>The 1-based line and character column of the byte at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, long at)
    {
        var offset = (int)Math.Clamp(at, 0, utf8.Length);
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

        // Between two tokens of a line there is mostly ASCII, one character a byte.
        var text = utf8[_offset..offset];
        _chars += Ascii.IsValid(text) ? text.Length : Encoding.UTF8.GetCharCount(text);
        _offset = offset;
        return (_line + 1, _chars + 1);
    }

    /// <summary>
    /// The byte offset of a position given as a 0-based line (counted in <c>\n</c>) and a 0-based byte
    /// position in that line, as System.Text.Json reports them; clamped to the input.
    /// </summary>
    public static int OffsetOf(ReadOnlySpan<byte> utf8, long line, long bytePositionInLine)
    {
        var offset = 0;
        for (long i = 0; i < line; i++)
        {
            var newline = utf8[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return utf8.Length;
            }

            offset += newline + 1;
        }

        return (int)Math.Min(offset + Math.Max(bytePositionInLine, 0), utf8.Length);
    }
}
