using Strata.Sources;

namespace Strata.Migration;

/// <summary>
/// The file seam of the <see cref="MigrationTool"/>: the reading side of <see cref="IConfigFileSystem"/> plus the
/// writes a migration makes, so tests can make any step fail. The tool writes a file only by creating a temporary
/// file beside it and renaming it over the original (or, for an output file, to a name that must be free), so a
/// file is either written whole or left as it was.
/// <see cref="PhysicalConfigFileSystem"/> is the real file system.
/// </summary>
public interface IMigrationFileStore : IConfigFileSystem
{
    /// <summary>Every file under <paramref name="directory"/>, in its subdirectories too, as full paths.</summary>
    /// <param name="directory">The directory.</param>
    IEnumerable<string> EnumerateFilesRecursively(string directory);

    /// <summary>Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when <paramref name="path"/> cannot be replaced; changes nothing.</summary>
    /// <param name="path">The file about to be rewritten.</param>
    void EnsureWritable(string path);

    /// <summary>
    /// Writes <paramref name="content"/> to a new temporary file in the directory of <paramref name="targetPath"/>,
    /// flushed to disk and with the target's permissions; returns its path. Leaves nothing behind when it fails.
    /// </summary>
    /// <param name="targetPath">The file the temporary file will replace.</param>
    /// <param name="content">The new content.</param>
    string WriteTemporary(string targetPath, ReadOnlySpan<byte> content);

    /// <summary>Copies a file to a path that must not exist yet.</summary>
    /// <param name="sourcePath">The file to copy.</param>
    /// <param name="destinationPath">The new file.</param>
    void CopyToNew(string sourcePath, string destinationPath);

    /// <summary>Atomically renames <paramref name="temporaryPath"/> over <paramref name="targetPath"/>.</summary>
    /// <param name="temporaryPath">The file written by <see cref="WriteTemporary"/>.</param>
    /// <param name="targetPath">The file replaced.</param>
    void Replace(string temporaryPath, string targetPath);

    /// <summary>Atomically renames <paramref name="temporaryPath"/> to <paramref name="targetPath"/>, which must not exist yet (<see cref="IOException"/> otherwise).</summary>
    /// <param name="temporaryPath">The file written by <see cref="WriteTemporary"/>.</param>
    /// <param name="targetPath">The new file.</param>
    void MoveToNew(string temporaryPath, string targetPath);

    /// <summary>Creates a directory and its missing parents; does nothing when it exists.</summary>
    /// <param name="path">The directory.</param>
    void CreateDirectory(string path);

    /// <summary>Deletes a file if it exists; never throws.</summary>
    /// <param name="path">The path.</param>
    void TryDelete(string path);
}
