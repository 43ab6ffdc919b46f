using System.Buffers;

namespace Strata.Sources;

/// <summary>
/// A layer file's bytes for one pipeline run. From the real file system they are read into a pooled buffer, so reloading a
/// large file does not allocate a new large array (and, past 85 KB, feed the large object heap) every time; other file
/// systems give their own array. Dispose returns the buffer; the bytes must not be used after that.
/// </summary>
internal readonly struct FileContent : IDisposable
{
    private readonly byte[] _array;
    private readonly bool _pooled;

    private FileContent(byte[] array, int length, bool pooled)
    {
        _array = array;
        Length = length;
        _pooled = pooled;
    }

    /// <summary>How many bytes the file has.</summary>
    public int Length { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    /// <summary>True when the file holds nothing but whitespace and byte order marks.</summary>
    public bool IsBlank => Span.IndexOfAnyExcept(BlankBytes) < 0;

    // Space, tab, carriage return, line feed and the bytes of a UTF-8 byte order mark.
    private static ReadOnlySpan<byte> BlankBytes => [0x20, 0x09, 0x0D, 0x0A, 0xEF, 0xBB, 0xBF];

    /// <summary>Reads a whole file, up to <paramref name="maxBytes"/>.</summary>
    /// <param name="fileSystem">Where the file is.</param>
    /// <param name="path">The file's full path.</param>
    /// <param name="maxBytes">The largest file accepted.</param>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>.</exception>
    public static FileContent Read(IConfigFileSystem fileSystem, string path, long maxBytes)
    {
        if (fileSystem is not PhysicalConfigFileSystem)
        {
            var bytes = fileSystem.ReadAllBytes(path, maxBytes);
            return new FileContent(bytes, bytes.Length, pooled: false);
        }

        // A handle and positional reads: no stream object and no read-ahead advice, two system calls fewer per file.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var expected = RandomAccess.GetLength(handle);
        if (expected > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // One byte more than the length, so reading to the real end (the file may grow meanwhile) sees the end at once.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(expected + 1, int.MaxValue - 1));
        var length = 0;
        try
        {
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                var requested = buffer.Length - length;
                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                // A regular file that gave fewer bytes than asked for, and at least its size, is at its end: no read
                // to see nothing more. A file without a size (a pipe, a /proc file) is read until a read gives nothing.
                if (read < requested && expected > 0 && length >= expected)
                {
                    break;
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new FileContent(buffer, length, pooled: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }

    private static InvalidDataException TooLarge(long maxBytes) => new($"the file is larger than the limit of {maxBytes} bytes");
}
