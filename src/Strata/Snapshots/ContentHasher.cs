using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// A SHA-256 over a tree's values (never its origins), with map keys in sorted order, so that two
/// configurations with the same keys and values hash alike however their files were laid out.
/// </summary>
internal static class ContentHasher
{
    /// <summary>Returns the lowercase hex SHA-256 of the tree's content.</summary>
    /// <param name="node">The tree.</param>
    public static string Hash(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new Buffer(hash);
        Feed(ref buffer, node);
        buffer.Flush();
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Returns the lowercase hex SHA-256 of raw bytes.</summary>
    /// <param name="content">The bytes.</param>
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Feed(ref Buffer buffer, ConfigNode node)
    {
        switch (node)
        {
            case ConfigMap map:
                buffer.Byte((byte)'{');
                buffer.Int64(map.Count);
                var entries = map.Entries;
                if (IsSorted(entries))
                {
                    foreach (var (key, child) in entries)
                    {
                        buffer.String(key);
                        Feed(ref buffer, child);
                    }
                }
                else
                {
                    var sorted = entries.ToArray();
                    Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                    foreach (var (key, child) in sorted)
                    {
                        buffer.String(key);
                        Feed(ref buffer, child);
                    }
                }

                break;
            case ConfigSequence seq:
                buffer.Byte((byte)'[');
                buffer.Int64(seq.Count);
                foreach (var item in seq.Items)
                {
                    Feed(ref buffer, item);
                }

                break;
            case ConfigScalar s:
                buffer.Byte((byte)('0' + (int)s.ScalarKind));
                switch (s.ScalarKind)
                {
                    case ScalarKind.Float:
                        buffer.Int64(BitConverter.DoubleToInt64Bits(s.FloatValue));
                        break;
                    case ScalarKind.String:
                        buffer.String(s.StringValue!);
                        break;
                    default:
                        buffer.Int64(s.IntValue);
                        break;
                }

                break;
        }
    }

    private static bool IsSorted(ReadOnlySpan<KeyValuePair<string, ConfigNode>> entries)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            if (string.CompareOrdinal(entries[i - 1].Key, entries[i].Key) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Collects the hashed bytes in blocks, so the hash is fed a few large spans instead of many tiny ones.</summary>
    private struct Buffer(IncrementalHash hash)
    {
        private const int Size = 8192;
        private readonly byte[] _bytes = new byte[Size];
        private int _used;

        public void Byte(byte value)
        {
            Ensure(1);
            _bytes[_used++] = value;
        }

        public void Int64(long value)
        {
            Ensure(8);
            BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(_used), value);
            _used += 8;
        }

        public void String(string text)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            Ensure(4);
            BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(_used), length);
            _used += 4;
            if (length > Size)
            {
                Flush();
                hash.AppendData(Encoding.UTF8.GetBytes(text));
                return;
            }

            Ensure(length);
            _used += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_used));
        }

        public void Flush()
        {
            if (_used > 0)
            {
                hash.AppendData(_bytes, 0, _used);
                _used = 0;
            }
        }

        private void Ensure(int count)
        {
            if (_used + count > Size)
            {
                Flush();
            }
        }
    }
}
