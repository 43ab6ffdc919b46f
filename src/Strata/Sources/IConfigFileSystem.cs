namespace Strata.Sources;

/// <summary>
/// The one seam through which Strata reads files, so tests can substitute a fake and
/// other stores (such as etcd) can present the same layout. <see cref="Migration.IMigrationFileStore"/>
/// extends it with the writes a migration makes; <see cref="PhysicalConfigFileSystem"/> implements both.
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

    /// <summary>
    /// Starts one consistent read: until the returned scope is disposed, this thread's reads should see a single
    /// state of the store, never a mix of two (a store such as etcd pins one revision). The pipeline opens one per
    /// run. The default does nothing and returns null.
    /// </summary>
    IDisposable? BeginRead() => null;

    /// <summary>
    /// The name that provenance (<see cref="Model.Origin.Source"/>) and errors give a file. The default is the path
    /// relative to the config directory; a store may name its own (<c>etcd:/prefix/base.yaml@42</c>).
    /// </summary>
    /// <param name="fullPath">The full path.</param>
    /// <param name="relativePath">The path relative to the config directory, with <c>/</c> separators.</param>
    string GetSourceName(string fullPath, string relativePath) => relativePath;
}
