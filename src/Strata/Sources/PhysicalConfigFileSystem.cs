using System.Buffers;
using System.Security.Cryptography;
using Strata.Migration;

namespace Strata.Sources;

/// <summary>The real file system: where layer files are read from, and what the <see cref="MigrationTool"/> rewrites.</summary>
public sealed class PhysicalConfigFileSystem : IMigrationFileStore
{
    /// <summary>The shared instance.</summary>
    public static PhysicalConfigFileSystem Instance { get; } = new();

    /// <inheritdoc />
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc />
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc />
    public byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var length = stream.CanSeek ? stream.Length : 0;
        if (length > maxBytes)
        {
            throw new InvalidDataException($"the file is larger than the limit of {maxBytes} bytes");
        }

        // Sized from the file's length; reading goes on to the real end, since the file may change meanwhile.
        using var buffer = new MemoryStream((int)length);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new InvalidDataException($"the file is larger than the limit of {maxBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    /// <inheritdoc />
    public IEnumerable<string> EnumerateFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : [];

    /// <inheritdoc />
    public IEnumerable<string> EnumerateFilesRecursively(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories) : [];

    /// <inheritdoc />
    public void EnsureWritable(string path)
    {
        if ((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
        {
            throw new UnauthorizedAccessException($"'{path}' is read-only");
        }

        // Opening for writing (without truncating) proves permission and changes nothing.
        using var probe = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <inheritdoc />
    public string WriteTemporary(string targetPath, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(targetPath))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(targetPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(targetPath))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(targetPath));
            }

            return temp;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public void CopyToNew(string sourcePath, string destinationPath) => File.Copy(sourcePath, destinationPath, overwrite: false);

    /// <inheritdoc />
    public void Replace(string temporaryPath, string targetPath) => File.Move(temporaryPath, targetPath, overwrite: true);

    /// <inheritdoc />
    public void MoveToNew(string temporaryPath, string targetPath) => File.Move(temporaryPath, targetPath, overwrite: false);

    /// <inheritdoc />
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <inheritdoc />
    public void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is harmless (it ends in .tmp and starts with a dot).
        }
    }
}
