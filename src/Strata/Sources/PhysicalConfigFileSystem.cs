namespace Strata.Sources;

/// <summary>The real file system.</summary>
public sealed class PhysicalConfigFileSystem : IConfigFileSystem
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
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"the file is larger than the limit of {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public IEnumerable<string> EnumerateFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : [];
}
