using Strata.Model;
using Strata.Sources;

namespace Strata.Validation;

/// <summary>Reads a schema file's bytes, within the size limit, failing with an error that names the file.</summary>
internal static class SchemaFile
{
    /// <summary>The bytes of the schema file at <paramref name="path"/>; a file that cannot be read throws <see cref="ConfigurationLoadException"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Bounds on the input.</param>
    public static byte[] Read(string path, ParserLimits limits)
    {
        try
        {
            return PhysicalConfigFileSystem.Instance.ReadAllBytes(path, limits.MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ConfigurationLoadException(new ConfigurationError(Path.GetFileName(path), 0, 0, string.Empty, "cannot read the schema: " + ex.Message));
        }
    }
}
