using Strata.Testing;

namespace Strata.Extensions.Configuration.Tests.Support;

/// <summary>A temporary directory (a config directory, or a folder of JSON files), deleted on dispose.</summary>
internal sealed class TestDir() : TempDirectory("strata-ext-")
{
    public static TestDir CopyOf(string source)
    {
        var dir = new TestDir();
        CopyTree(source, dir.Path);
        return dir;
    }

    /// <summary>
    /// Writes a file atomically (a hidden temporary file renamed over it), as most editors save, so a watcher never
    /// sees it half-written; the core's own tests cover in-place truncating writes.
    /// </summary>
    public override string Write(string relative, string content)
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
}
