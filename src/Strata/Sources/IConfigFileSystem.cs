namespace Strata.Sources;

/// <summary>
/// The one seam through which Strata touches files, so tests can substitute a fake and
/// other stores (such as etcd) can present the same layout.
/// </summary>
public interface IConfigFileSystem
{
    /// <summary>True when <paramref name="path"/> is an existing file (following symbolic links).</summary>
    /// <param name="path">The full path.</param>
    bool FileExists(string path);

    /// <summary>True when <paramref name="path"/> is an existing directory.</summary>
    /// <param name="path">The full path.</param>
    bool DirectoryExists(string path);

    /// <summary>Reads a whole file, failing with <see cref="InvalidDataException"/> when it is longer than <paramref name="maxBytes"/>.</summary>
    /// <param name="path">The full path.</param>
    /// <param name="maxBytes">The largest length accepted.</param>
    byte[] ReadAllBytes(string path, long maxBytes);

    /// <summary>The files directly inside <paramref name="directory"/>, as full paths.</summary>
    /// <param name="directory">The directory.</param>
    IEnumerable<string> EnumerateFiles(string directory);
}
