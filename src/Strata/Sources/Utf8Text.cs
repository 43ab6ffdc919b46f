using System.Buffers;
using System.Text;

namespace Strata.Sources;

/// <summary>Finds where bytes stop being UTF-8, for errors that point at the offending byte.</summary>
internal static class Utf8Text
{
    /// <summary>The offset of the first byte that is not part of a valid UTF-8 sequence, or -1 when all are valid.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return -1;
        }

        var i = 0;
        while (i < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[i..], out _, out var length) != OperationStatus.Done)
            {
                return i;
            }

            i += length;
        }

        return -1;
    }
}
