namespace Strata.Extensions.Configuration.Tests.Support;

/// <summary>A temporary directory (a config directory, or a folder of JSON files), deleted on dispose.</summary>
internal sealed class TestDir : IDisposable
{
    public TestDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "strata-ext-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string SampleConfig => System.IO.Path.Combine(RepositoryRoot, "samples", "config");

    public static TestDir CopyOf(string source)
    {
        var dir = new TestDir();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(dir.Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return dir;
    }

    /// <summary>
    /// Writes a file atomically (a hidden temporary file renamed over it), as most editors save, so a watcher never
    /// sees it half-written; the core's own tests cover in-place truncating writes.
    /// </summary>
    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, full, overwrite: true);
        return full;
    }

    /// <summary>Replaces one piece of text in a file (it must occur), as an editor saving in place would.</summary>
    public void Replace(string relative, string oldText, string newText)
    {
        var text = File.ReadAllText(System.IO.Path.Combine(Path, relative));
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        Write(relative, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public void Dispose()
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
