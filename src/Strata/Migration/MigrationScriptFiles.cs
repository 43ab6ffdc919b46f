using Strata.Model;
using Strata.Sources;

namespace Strata.Migration;

/// <summary>Reads the script files of a migrations directory and parses them, collecting every problem.</summary>
internal static class MigrationScriptFiles
{
    /// <summary>Reads and parses every script in a directory; problems go to <paramref name="errors"/>.</summary>
    internal static List<ConfigurationMigration> ReadScripts(string directory, IConfigFileSystem? fileSystem, ParserLimits? limits, string? displayDirectory, out List<ConfigurationError> errors)
    {
        var files = ReadScriptFiles(directory, fileSystem, limits, displayDirectory, out errors);
        return ParseScripts(files, limits ?? ParserLimits.Default, errors);
    }

    /// <summary>Reads the raw bytes of every script in a directory, named as they appear in errors.</summary>
    internal static List<(string Name, byte[] Content)> ReadScriptFiles(string directory, IConfigFileSystem? fileSystem, ParserLimits? limits, string? displayDirectory, out List<ConfigurationError> errors)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        fileSystem ??= PhysicalConfigFileSystem.Instance;
        limits ??= ParserLimits.Default;
        var display = (displayDirectory ?? directory).Replace('\\', '/').TrimEnd('/');
        errors = [];
        var files = new List<(string, byte[])>();
        foreach (var file in ConfigurationMigrator.FindScripts(directory, fileSystem))
        {
            var name = display.Length == 0 ? Path.GetFileName(file) : display + "/" + Path.GetFileName(file);
            try
            {
                files.Add((name, fileSystem.ReadAllBytes(file, limits.MaxFileBytes)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                errors.Add(new ConfigurationError(name, 0, 0, string.Empty, "cannot read the migration script: " + ex.Message));
            }
        }

        return files;
    }

    /// <summary>Parses scripts already read; problems go to <paramref name="errors"/>.</summary>
    internal static List<ConfigurationMigration> ParseScripts(IEnumerable<(string Name, byte[] Content)> files, ParserLimits limits, List<ConfigurationError> errors)
    {
        var scripts = new List<ConfigurationMigration>();
        foreach (var (name, content) in files)
        {
            if (MigrationScriptReader.Read(content, name, limits, errors) is { } script)
            {
                scripts.Add(script);
            }
        }

        return scripts;
    }
}
