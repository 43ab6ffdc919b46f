using Strata.Sources;

namespace Strata.Etcd.Publishing;

/// <summary>
/// Collects what a publish uploads: every <c>.yaml</c>, <c>.yml</c> and <c>.json</c> file under the config
/// directory (layers, schema, migrations), by path relative to it with <c>/</c> separators. Hidden files and
/// folders (a name starting with a dot, such as <c>.git</c> or <c>.strata</c>) are skipped, and so is a top-level
/// <c>instances/</c> folder: that range of the prefix holds the records running instances write.
/// </summary>
internal static class ConfigDirectoryScanner
{
    public static SortedDictionary<string, byte[]> Scan(string directory, long maxFileBytes)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"config directory '{directory}' does not exist");
        }

        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden }))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!ConfigFileParser.IsConfigFile(relative) || relative.Split('/').Any(segment => segment.StartsWith('.'))
                || relative.StartsWith(Storage.EtcdKeyLayout.InstancesFolder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var content = PhysicalConfigFileSystem.Instance.ReadAllBytes(file, maxFileBytes);
            files[relative] = content;
        }

        return files;
    }
}
