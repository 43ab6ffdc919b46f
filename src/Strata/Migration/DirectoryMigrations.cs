using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Migration;

/// <summary>
/// The migrator of a config directory's own <c>migrations/</c> folder, for the pipeline. Scripts are parsed once
/// per distinct content: the cache key is a hash over every script's name and bytes, so a hot reload re-reads the
/// (small) script files but re-parses them only when one of them changed, and returns the same migrator
/// instance otherwise (which lets the pipeline keep its migrated layers).
/// </summary>
internal static class DirectoryMigrations
{
    /// <summary>The scripts folder inside a config directory.</summary>
    public const string FolderName = "migrations";

    private const int MaxCachedSets = 32;
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Entry> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns the migrator for <c>&lt;configDirectory&gt;/migrations</c>, or null when the folder is absent or holds no
    /// scripts. Problems in the scripts go to <paramref name="errors"/> (and null is returned).
    /// </summary>
    public static IConfigLayerMigrator? Resolve(string configDirectory, IConfigFileSystem fileSystem, ParserLimits limits, List<ConfigurationError> errors)
    {
        var directory = Path.Combine(configDirectory, FolderName);
        if (!fileSystem.DirectoryExists(directory))
        {
            return null;
        }

        var files = MigrationScriptFiles.ReadScriptFiles(directory, fileSystem, limits, FolderName, out var readErrors);
        if (readErrors.Count > 0)
        {
            errors.AddRange(readErrors);
            return null;
        }

        if (files.Count == 0)
        {
            return null;
        }

        var key = Hash(files);
        Entry? entry;
        lock (Gate)
        {
            Cache.TryGetValue(key, out entry);
        }

        if (entry is null)
        {
            entry = Build(files, limits);
            lock (Gate)
            {
                if (Cache.Count >= MaxCachedSets)
                {
                    Cache.Clear();
                }

                // Another run may have built the same set meanwhile; keep the first so every run shares one instance.
                entry = Cache.TryAdd(key, entry) ? entry : Cache[key];
            }
        }

        errors.AddRange(entry.Errors);
        return entry.Migrator;
    }

    /// <summary>How many script sets are cached (for tests).</summary>
    internal static int CachedSets
    {
        get
        {
            lock (Gate)
            {
                return Cache.Count;
            }
        }
    }

    private static Entry Build(List<(string Name, byte[] Content)> files, ParserLimits limits)
    {
        var errors = new List<ConfigurationError>();
        var scripts = MigrationScriptFiles.ParseScripts(files, limits, errors);
        if (errors.Count > 0)
        {
            return new Entry(null, errors);
        }

        try
        {
            return new Entry(new ConfigurationMigrator(scripts), []);
        }
        catch (ConfigurationLoadException ex)
        {
            return new Entry(null, ex.Errors);
        }
    }

    private static string Hash(List<(string Name, byte[] Content)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var (name, content) in files)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteInt64LittleEndian(length, nameBytes.Length);
            hash.AppendData(length);
            hash.AppendData(nameBytes);
            BinaryPrimitives.WriteInt64LittleEndian(length, content.Length);
            hash.AppendData(length);
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed record Entry(ConfigurationMigrator? Migrator, IReadOnlyList<ConfigurationError> Errors);
}
