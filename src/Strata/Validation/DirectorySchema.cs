using Strata.Hierarchy;
using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Validation;

/// <summary>
/// The config directory's own schema: <c>schema.yaml</c>, <c>schema.yml</c> or <c>schema.json</c> next to <c>base.yaml</c>.
/// A file that declares <c>$schema</c> is a JSON Schema; any other is a rule schema. Loaded validators are cached by
/// the file's content hash, so a hot reload that did not change the schema does not parse it again.
/// </summary>
internal static class DirectorySchema
{
    private const int CacheCapacity = 16;
    private static readonly Lock Gate = new();
    private static readonly Dictionary<CacheKey, CacheEntry> Cache = [];
    private static readonly Queue<CacheKey> CacheOrder = new();

    /// <summary>The file names looked for, in this order; at most one may exist.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["schema.yaml", "schema.yml", "schema.json"];

    /// <summary>Finds the schema file of a config directory.</summary>
    /// <param name="configDirectory">The config directory.</param>
    /// <param name="errors">Receives an error when more than one schema file exists.</param>
    /// <param name="fileSystem">The file-system seam; the physical one when null.</param>
    /// <returns>The file name relative to the directory, or null when there is none (or too many).</returns>
    public static string? Find(string configDirectory, ICollection<ConfigurationError> errors, IConfigFileSystem? fileSystem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        ArgumentNullException.ThrowIfNull(errors);
        fileSystem ??= PhysicalConfigFileSystem.Instance;
        var found = FileNames.Where(n => fileSystem.FileExists(Path.Combine(configDirectory, n))).ToList();
        if (found.Count > 1)
        {
            errors.Add(new ConfigurationError(found[1], 0, 0, string.Empty, $"both {found[0]} and {found[1]} exist; keep one schema file"));
            return null;
        }

        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>
    /// Loads the validator for a config directory's schema file, or returns null when there is none. Problems in the
    /// schema file are added to <paramref name="errors"/>, each at its line, and null is returned.
    /// </summary>
    /// <param name="configDirectory">The config directory.</param>
    /// <param name="errors">Receives every problem in the schema file.</param>
    /// <param name="fileSystem">The file-system seam; the physical one when null.</param>
    /// <param name="limits">Bounds on the input.</param>
    public static ConfigurationValidator? Load(string configDirectory, ICollection<ConfigurationError> errors, IConfigFileSystem? fileSystem = null, ParserLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        ArgumentNullException.ThrowIfNull(errors);
        fileSystem ??= PhysicalConfigFileSystem.Instance;
        limits ??= ParserLimits.Default;
        if (Find(configDirectory, errors, fileSystem) is not { } name)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = fileSystem.ReadAllBytes(Path.Combine(configDirectory, name), limits.MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            errors.Add(new ConfigurationError(name, 0, 0, string.Empty, "cannot read the schema: " + ex.Message));
            return null;
        }

        var key = new CacheKey(name, ContentHasher.Hash(bytes), limits);
        CacheEntry? entry;
        lock (Gate)
        {
            Cache.TryGetValue(key, out entry);
        }

        if (entry is null)
        {
            entry = Build(bytes, name, limits);
            lock (Gate)
            {
                if (Cache.TryAdd(key, entry))
                {
                    CacheOrder.Enqueue(key);
                    while (CacheOrder.Count > CacheCapacity)
                    {
                        Cache.Remove(CacheOrder.Dequeue());
                    }
                }
            }
        }

        foreach (var error in entry.Errors)
        {
            errors.Add(error);
        }

        return entry.Validator;
    }

    /// <summary>Loads a config directory's schema, throwing <see cref="ConfigurationLoadException"/> when the file has problems.</summary>
    /// <param name="configDirectory">The config directory.</param>
    /// <returns>The validator, or null when the directory has no schema file.</returns>
    public static ConfigurationValidator? Load(string configDirectory)
    {
        var errors = new List<ConfigurationError>();
        var validator = Load(configDirectory, errors);
        return errors.Count > 0 ? throw new ConfigurationLoadException(errors) : validator;
    }

    /// <summary>The validate stage for one pipeline run: the directory schema with the manager's strictness and redactor.</summary>
    internal static IConfigSnapshotValidator? ForPipeline(EnvironmentConfigManager manager, List<ConfigurationError> errors)
    {
        var options = manager.Options;
        var validator = Load(manager.ConfigDirectory, errors, options.FileSystem, options.Limits);
        return validator?.WithOptions(validator.Options with { Strict = options.StrictValidation, Redactor = options.Redactor });
    }

    private static CacheEntry Build(byte[] bytes, string name, ParserLimits limits)
    {
        try
        {
            var tree = ConfigFileParser.Parse(bytes, name, LayerKind.Global, limits);
            var errors = new List<ConfigurationError>();
            var validator = ConfigurationValidator.TryCreate(tree, errors);
            return new CacheEntry(errors.Count > 0 ? null : validator, [.. errors]);
        }
        catch (ConfigurationLoadException ex)
        {
            return new CacheEntry(null, [.. ex.Errors]);
        }
    }

    private sealed record CacheKey(string Name, string Hash, ParserLimits Limits);

    private sealed record CacheEntry(ConfigurationValidator? Validator, ConfigurationError[] Errors);
}
