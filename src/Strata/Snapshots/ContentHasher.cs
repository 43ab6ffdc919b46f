using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// A SHA-256 over a tree's values (never its origins), with map keys in sorted order, so that two
/// configurations with the same keys and values hash alike however their files were laid out.
/// </summary>
public static class ContentHasher
{
    /// <summary>Returns the lowercase hex SHA-256 of the tree's content.</summary>
    /// <param name="node">The tree.</param>
    public static string Hash(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Feed(hash, node);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Returns the lowercase hex SHA-256 of raw bytes.</summary>
    /// <param name="content">The bytes.</param>
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static void Feed(IncrementalHash hash, ConfigNode node)
    {
        Span<byte> buffer = stackalloc byte[9];
        switch (node)
        {
            case ConfigMap map:
                buffer[0] = (byte)'{';
                BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], map.Count);
                hash.AppendData(buffer);
                foreach (var (key, child) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    FeedString(hash, key);
                    Feed(hash, child);
                }

                break;
            case ConfigSequence seq:
                buffer[0] = (byte)'[';
                BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], seq.Count);
                hash.AppendData(buffer);
                foreach (var item in seq)
                {
                    Feed(hash, item);
                }

                break;
            case ConfigScalar s:
                buffer[0] = (byte)('0' + (int)s.ScalarKind);
                switch (s.ScalarKind)
                {
                    case ScalarKind.Float:
                        BinaryPrimitives.WriteDoubleLittleEndian(buffer[1..], s.FloatValue);
                        hash.AppendData(buffer);
                        break;
                    case ScalarKind.String:
                        hash.AppendData(buffer[..1]);
                        FeedString(hash, s.StringValue!);
                        break;
                    default:
                        BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], s.IntValue);
                        hash.AppendData(buffer);
                        break;
                }

                break;
        }
    }

    private static void FeedString(IncrementalHash hash, string text)
    {
        Span<byte> length = stackalloc byte[4];
        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
