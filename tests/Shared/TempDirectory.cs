namespace Strata.Testing;

/// <summary>
/// A temporary directory for tests, deleted on dispose, and where the repository and its samples are.
/// Linked into every test project, so they share one implementation.
/// </summary>
internal class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "strata-test-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string SampleConfig => System.IO.Path.Combine(RepositoryRoot, "samples", "config");

    public string Path { get; }

    /// <summary>Copies a directory tree; links are followed, so the copy holds real files.</summary>
    public static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    /// <summary>Writes a file (creating folders) and returns its full path.</summary>
    public virtual string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Delete(string relative) => File.Delete(System.IO.Path.Combine(Path, relative));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Strata.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
