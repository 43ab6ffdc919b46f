using Strata.Migration;
using Strata.Sources;

namespace Strata.Tests.Migration;

/// <summary>The real file system, except that chosen steps fail for chosen files (as a full disk or a permission error would).</summary>
internal sealed class FaultyFileStore : IMigrationFileStore
{
    private readonly IMigrationFileStore _inner = PhysicalConfigFileSystem.Instance;
    private readonly List<(string Step, Func<string, bool> Matches)> _faults = [];

    public FaultyFileStore Fail(string step, Func<string, bool> matches)
    {
        _faults.Add((step, matches));
        return this;
    }

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public IEnumerable<string> EnumerateFiles(string directory) => _inner.EnumerateFiles(directory);

    public IEnumerable<string> EnumerateFilesRecursively(string directory) => _inner.EnumerateFilesRecursively(directory);

    public byte[] ReadAllBytes(string path, long maxBytes)
    {
        Check(nameof(ReadAllBytes), path);
        return _inner.ReadAllBytes(path, maxBytes);
    }

    public void EnsureWritable(string path)
    {
        Check(nameof(EnsureWritable), path);
        _inner.EnsureWritable(path);
    }

    public string WriteTemporary(string targetPath, ReadOnlySpan<byte> content)
    {
        Check(nameof(WriteTemporary), targetPath);
        return _inner.WriteTemporary(targetPath, content);
    }

    public void CopyToNew(string sourcePath, string destinationPath)
    {
        Check(nameof(CopyToNew), sourcePath);
        _inner.CopyToNew(sourcePath, destinationPath);
    }

    public void Replace(string temporaryPath, string targetPath)
    {
        Check(nameof(Replace), targetPath);
        _inner.Replace(temporaryPath, targetPath);
    }

    public void MoveToNew(string temporaryPath, string targetPath)
    {
        Check(nameof(MoveToNew), targetPath);
        _inner.MoveToNew(temporaryPath, targetPath);
    }

    public void CreateDirectory(string path)
    {
        Check(nameof(CreateDirectory), path);
        _inner.CreateDirectory(path);
    }

    public void TryDelete(string path) => _inner.TryDelete(path);

    private void Check(string step, string path)
    {
        if (_faults.Any(f => f.Step == step && f.Matches(path)))
        {
            throw new IOException($"{step} failed: no space left on device");
        }
    }
}
