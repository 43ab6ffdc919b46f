using System.Collections.Concurrent;
using System.Text;
using Strata.Sources;

namespace Strata.Tests;

/// <summary>A thread-safe in-memory file system for pipeline tests that need no disk.</summary>
internal sealed class InMemoryFileSystem : IConfigFileSystem
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public InMemoryFileSystem(string root = "/cfg") => Root = root;

    public string Root { get; }

    public void Write(string relative, string content) => _files[Full(relative)] = Encoding.UTF8.GetBytes(content);

    public void Delete(string relative) => _files.TryRemove(Full(relative), out _);

    public bool FileExists(string path) => _files.ContainsKey(path);

    public bool DirectoryExists(string path) => _files.Keys.Any(k => k.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal));

    public byte[] ReadAllBytes(string path, long maxBytes)
    {
        if (!_files.TryGetValue(path, out var bytes))
        {
            throw new FileNotFoundException("not found", path);
        }

        if (bytes.LongLength > maxBytes)
        {
            throw new InvalidDataException($"the file is larger than the limit of {maxBytes} bytes");
        }

        return bytes;
    }

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        return _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !k[prefix.Length..].Contains('/', StringComparison.Ordinal)).ToList();
    }

    private string Full(string relative) => Root + "/" + relative;
}
