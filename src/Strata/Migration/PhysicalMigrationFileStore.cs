using System.Security.Cryptography;
using Strata.Sources;

namespace Strata.Migration;

/// <summary>The real file system for the <see cref="MigrationTool"/>.</summary>
public sealed class PhysicalMigrationFileStore : IMigrationFileStore
{
    /// <summary>The shared instance.</summary>
    public static PhysicalMigrationFileStore Instance { get; } = new();

    /// <inheritdoc />
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc />
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc />
    public IEnumerable<string> EnumerateFilesRecursively(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories) : [];

    /// <inheritdoc />
    public byte[] ReadAllBytes(string path, long maxBytes) => PhysicalConfigFileSystem.Instance.ReadAllBytes(path, maxBytes);

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
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <inheritdoc />
    public void WriteNew(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

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
