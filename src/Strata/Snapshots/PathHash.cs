using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Snapshots;

/// <summary>
/// The hash of a path text for <see cref="PathIndex"/>. The UTF-16 text is read sixteen bytes per step into two
/// independent lanes, each step a rotate, an exclusive or and a multiplication by five (one instruction, so
/// the lanes run at the speed of the reads); the lanes are then combined by one multiplication by an odd 64-bit
/// constant, whose high half is the hash, so every bit of the text reaches it. The seed is random per process,
/// so the layout of an index cannot be predicted from outside it.
/// </summary>
internal static class PathHash
{
    private const ulong Multiplier = 0x9E37_79B9_7F4A_7C15;

    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(string text)
    {
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        var length = bytes.Length;
        var a = Seed ^ (ulong)length;
        var b = ~Seed;
        if (length > 2 * sizeof(ulong))
        {
            var i = 0;
            for (; i + (2 * sizeof(ulong)) < length; i += 2 * sizeof(ulong))
            {
                a = Step(a, MemoryMarshal.Read<ulong>(bytes[i..]));
                b = Step(b, MemoryMarshal.Read<ulong>(bytes[(i + sizeof(ulong))..]));
            }

            // The last sixteen bytes, overlapping the previous step when the length is not a multiple of sixteen.
            a = Step(a, MemoryMarshal.Read<ulong>(bytes[(length - (2 * sizeof(ulong)))..]));
            b = Step(b, MemoryMarshal.Read<ulong>(bytes[(length - sizeof(ulong))..]));
        }
        else if (length >= sizeof(ulong))
        {
            a = Step(a, MemoryMarshal.Read<ulong>(bytes));
            b = Step(b, MemoryMarshal.Read<ulong>(bytes[(length - sizeof(ulong))..]));
        }
        else if (length >= sizeof(uint))
        {
            a = Step(a, MemoryMarshal.Read<uint>(bytes));
            b = Step(b, MemoryMarshal.Read<uint>(bytes[(length - sizeof(uint))..]));
        }
        else if (length > 0)
        {
            a = Step(a, MemoryMarshal.Read<ushort>(bytes));
        }

        return (uint)(((a ^ BitOperations.RotateLeft(b, 32)) * Multiplier) >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong h, ulong word) => (BitOperations.RotateLeft(h, 5) ^ word) * 5;
}
