using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Snapshots;

/// <summary>
/// The hash of a path text for <see cref="PathIndex"/>. The UTF-16 text is read sixteen bytes per step into two
/// independent lanes, each step a rotate, an exclusive or and a multiplication by five (one instruction, so
/// the lanes run at the speed of the reads); the lanes are then combined by one full 64 × 64-bit multiplication
/// whose two halves are folded together, so every bit of the text reaches every bit of the hash (the page is taken
/// from its low bits, the bucket from its high ones). The seed is random per process, so the layout of an index
/// cannot be predicted from outside it.
/// </summary>
internal static class PathHash
{
    private const ulong Multiplier = 0x9E37_79B9_7F4A_7C15;

    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(string text)
    {
        // Unchecked reads: every offset below is within the text's length * 2 bytes.
        ref var bytes = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text.AsSpan()));
        var length = (nuint)text.Length * sizeof(char);
        var a = Seed ^ length;
        var b = ~Seed;
        if (length > 2 * sizeof(ulong))
        {
            nuint i = 0;
            for (; i + (2 * sizeof(ulong)) < length; i += 2 * sizeof(ulong))
            {
                a = Step(a, Read64(ref bytes, i));
                b = Step(b, Read64(ref bytes, i + sizeof(ulong)));
            }

            // The last sixteen bytes, overlapping the previous step when the length is not a multiple of sixteen.
            a = Step(a, Read64(ref bytes, length - (2 * sizeof(ulong))));
            b = Step(b, Read64(ref bytes, length - sizeof(ulong)));
        }
        else if (length >= sizeof(ulong))
        {
            a = Step(a, Read64(ref bytes, 0));
            b = Step(b, Read64(ref bytes, length - sizeof(ulong)));
        }
        else if (length >= sizeof(uint))
        {
            a = Step(a, Unsafe.ReadUnaligned<uint>(ref bytes));
            b = Step(b, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref bytes, length - sizeof(uint))));
        }
        else if (length > 0)
        {
            a = Step(a, Unsafe.ReadUnaligned<ushort>(ref bytes));
        }

        // Both halves of the full 128-bit product, folded: every bit of either lane reaches every bit of the hash.
        var high = Math.BigMul(a ^ Multiplier, b ^ Seed, out var low);
        var h = high ^ low;
        return (uint)(h ^ (h >> 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read64(ref byte start, nuint offset) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong h, ulong word) => (BitOperations.RotateLeft(h, 5) ^ word) * 5;
}
