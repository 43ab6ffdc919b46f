using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Migration;

/// <summary>
/// Migrates configuration files on disk. Each file is read, migrated in memory, rendered (YAML keeps its
/// comments where their keys survive), read back to prove the rendering means the same, and only then
/// written: to a temporary file beside it that is renamed over the original, after the original was copied
/// to <c>&lt;name&gt;.bak</c>. A file is therefore either fully migrated or untouched, whatever fails. With an
/// <see cref="MigrationRunOptions.Output"/>, the originals stay as they are and the files are written there instead.
/// </summary>
public sealed class MigrationTool
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates a tool.</summary>
    /// <param name="migrator">The migrator with the scripts.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public MigrationTool(ConfigurationMigrator migrator, MigrationToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(migrator);
        Migrator = migrator;
        Options = options ?? new MigrationToolOptions();
    }

    /// <summary>The migrator.</summary>
    public ConfigurationMigrator Migrator { get; }

    /// <summary>The settings.</summary>
    public MigrationToolOptions Options { get; }

    /// <summary>The layer a file belongs to by its folder: <c>environments/</c>, <c>agents/</c>, else global.</summary>
    /// <param name="relativePath">The path relative to the config directory (or just the file's folder and name).</param>
    public static LayerKind LayerOf(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var folder = parts.Length >= 2 ? parts[^2] : string.Empty;
        return folder switch
        {
            "environments" => LayerKind.Environment,
            "agents" => LayerKind.Agent,
            _ => LayerKind.Global,
        };
    }

    /// <summary>
    /// The configuration files a directory migration touches: every <c>.yaml</c>, <c>.yml</c> and <c>.json</c> file
    /// below it, except the <c>migrations/</c> folder, a top-level <c>schema.*</c>, and hidden files and folders.
    /// </summary>
    /// <param name="directory">The config directory.</param>
    public IReadOnlyList<string> FindConfigFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory);
        return [.. Options.FileStore.EnumerateFilesRecursively(root)
            .Where(f => ConfigFileParser.IsConfigFile(f) && IsMigratable(Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Migrates one file to <paramref name="toVersion"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="toVersion">The target version.</param>
    /// <param name="run">Dry run, backup, stated source version and output settings.</param>
    public FileMigrationResult MigrateFile(string path, string toVersion, MigrationRunOptions? run = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        run ??= MigrationRunOptions.Default;
        var display = path.Replace('\\', '/');
        var full = Path.GetFullPath(path);
        OutputFile? output = null;
        if (run.Output is { } o)
        {
            var into = Options.FileStore.DirectoryExists(o) || Path.EndsInDirectorySeparator(o);
            var target = into ? Path.Combine(o, Path.GetFileName(full)) : o;
            output = SamePath(Path.GetFullPath(target), full) ? null : new OutputFile(Path.GetFullPath(target), target.Replace('\\', '/'));
        }

        return Migrate(full, display, LayerOf(display), toVersion, run, output);
    }

    /// <summary>
    /// Migrates every configuration file of a directory (see <see cref="FindConfigFiles"/>), one after the other;
    /// a file that fails is left untouched and the others go on.
    /// </summary>
    /// <param name="directory">The config directory.</param>
    /// <param name="toVersion">The target version.</param>
    /// <param name="run">Dry run, backup, stated source version and output settings.</param>
    /// <param name="progress">Told about each file when it is done.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <exception cref="ArgumentException">The output is an existing file, or a directory inside <paramref name="directory"/>.</exception>
    public DirectoryMigrationResult MigrateDirectory(string directory, string toVersion, MigrationRunOptions? run = null, IProgress<FileMigrationResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        run ??= MigrationRunOptions.Default;
        var root = Path.GetFullPath(directory);
        var outputRoot = run.Output is null || SamePath(Path.GetFullPath(run.Output), root) ? null : Path.GetFullPath(run.Output);
        if (outputRoot is not null && Options.FileStore.FileExists(outputRoot))
        {
            throw new ArgumentException($"the output '{run.Output}' is a file; a directory migrates into a directory", nameof(run));
        }

        if (outputRoot is not null && IsInside(outputRoot, root))
        {
            throw new ArgumentException($"the output '{run.Output}' is inside '{directory}'; choose a directory outside it, or none to migrate in place", nameof(run));
        }

        var results = new List<FileMigrationResult>();
        foreach (var file in FindConfigFiles(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var output = outputRoot is null ? null : new OutputFile(Path.Combine(outputRoot, relative), run.Output!.Replace('\\', '/').TrimEnd('/') + "/" + relative);
            var result = Migrate(file, relative, LayerOf(relative), toVersion, run, output);
            results.Add(result);
            progress?.Report(result);
        }

        return new DirectoryMigrationResult(directory, toVersion, run.DryRun, results);
    }

    private static bool IsMigratable(string relative)
    {
        var parts = relative.Split('/');
        if (parts.Any(p => p.StartsWith('.')))
        {
            return false;
        }

        if (parts.Length > 1 && parts[0] == DirectoryMigrations.FolderName)
        {
            return false;
        }

        return !(parts.Length == 1 && Path.GetFileNameWithoutExtension(parts[0]) == "schema");
    }

    private static StringComparison PathComparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), PathComparison);

    private static bool IsInside(string path, string directory) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, PathComparison);

    private FileMigrationResult Migrate(string path, string display, LayerKind layer, string toVersion, MigrationRunOptions run, OutputFile? output)
    {
        var store = Options.FileStore;
        FileMigrationResult Failed(MigrationReport? report, params ConfigurationError[] errors) =>
            new(path, display, layer, FileMigrationStatus.Failed, report, errors);

        byte[] bytes;
        try
        {
            bytes = store.ReadAllBytes(path, Options.Limits.MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Failed(null, new ConfigurationError(display, 0, 0, string.Empty, "cannot read the file: " + ex.Message));
        }

        ConfigMap config;
        try
        {
            // The byte order mark is stripped here: the tool puts it back when writing.
            config = ConfigFileParser.Parse(StripBom(bytes).ToArray(), display, layer, Options.Limits);
        }
        catch (ConfigurationLoadException ex)
        {
            return new FileMigrationResult(path, display, layer, FileMigrationStatus.Failed, null, ex.Errors);
        }

        var report = Migrator.Migrate(config, toVersion, layer, display, run.FromVersion);
        if (!report.Succeeded)
        {
            return new FileMigrationResult(path, display, layer, report.NoPath ? FileMigrationStatus.NoPath : FileMigrationStatus.Failed, report, report.Errors);
        }

        if (!report.Migrated)
        {
            var upToDate = new FileMigrationResult(path, display, layer, FileMigrationStatus.UpToDate, report, []);
            return output is null ? upToDate : WriteOutput(upToDate, output, bytes, run.DryRun);
        }

        var rendered = Render(bytes, display, layer, report);
        if (rendered is null)
        {
            return Failed(report, new ConfigurationError(display, 0, 0, string.Empty, "the migrated file could not be written in a form that reads back the same; nothing was written"));
        }

        var (content, dropped) = rendered.Value;
        if (output is not null)
        {
            var migrated = new FileMigrationResult(path, display, layer, run.DryRun ? FileMigrationStatus.WouldMigrate : FileMigrationStatus.Migrated, report, []) { NewContent = content, CommentsDropped = dropped };
            return WriteOutput(migrated, output, EncodeLike(bytes, content), run.DryRun);
        }

        if (run.DryRun)
        {
            return new FileMigrationResult(path, display, layer, FileMigrationStatus.WouldMigrate, report, []) { NewContent = content, CommentsDropped = dropped };
        }

        string? temp = null;
        string? backup = null;
        try
        {
            store.EnsureWritable(path);
            temp = store.WriteTemporary(path, EncodeLike(bytes, content));
            if (run.Backup)
            {
                backup = BackupPath(path);
                store.CopyToNew(path, backup);
            }

            store.Replace(temp, path);
            temp = null;
            return new FileMigrationResult(path, display, layer, FileMigrationStatus.Migrated, report, []) { BackupPath = backup, NewContent = content, CommentsDropped = dropped };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (temp is not null)
            {
                store.TryDelete(temp);
                if (backup is not null)
                {
                    // The original was never replaced, so the fresh copy of it is not needed.
                    store.TryDelete(backup);
                }
            }

            return Failed(report, new ConfigurationError(display, 0, 0, string.Empty, $"cannot write the file ({ex.Message}); it was left unchanged"));
        }
    }

    // Writes a file's output copy under a name that must be free: never over an existing file.
    private FileMigrationResult WriteOutput(FileMigrationResult result, OutputFile output, byte[] content, bool dryRun)
    {
        var store = Options.FileStore;
        result = result with { OutputPath = output.Path };
        FileMigrationResult Refused(string message) =>
            result with { Status = FileMigrationStatus.Failed, Errors = [new ConfigurationError(result.DisplayPath, 0, 0, string.Empty, message)] };

        if (store.FileExists(output.Path) || store.DirectoryExists(output.Path))
        {
            return Refused($"the output {output.Display} already exists and is never overwritten; nothing was written");
        }

        if (dryRun)
        {
            return result;
        }

        string? temp = null;
        try
        {
            store.CreateDirectory(Path.GetDirectoryName(output.Path)!);
            temp = store.WriteTemporary(output.Path, content);
            store.MoveToNew(temp, output.Path);
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (temp is not null)
            {
                store.TryDelete(temp);
            }

            return Refused($"cannot write the output {output.Display} ({ex.Message}); nothing was written");
        }
    }

    private (string Content, int CommentsDropped)? Render(byte[] original, string display, LayerKind layer, MigrationReport report)
    {
        if (Path.GetExtension(display).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            var json = MigratedJsonWriter.Write(report.Result);
            return ReadsBack(json, display, layer, report.Result) ? (json, 0) : null;
        }

        var text = Utf8.GetString(StripBom(original));
        var layout = YamlLayout.Capture(text);
        try
        {
            var (withLayout, dropped) = LayoutPreservingYamlWriter.Write(report.Result, report.Original, layout, report.Rewrites);
            if (ReadsBack(withLayout, display, layer, report.Result))
            {
                return (withLayout, dropped);
            }
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // The emitter refused the layout (a comment or style it cannot place); plain output follows.
        }

        // Should the original spelling not survive somewhere, fall back to plain output rather than fail.
        var (plain, _) = LayoutPreservingYamlWriter.Write(report.Result, report.Original, null, []);
        var all = layout is null ? 0 : layout.Header.Count(c => c is not null) + layout.Footer.Count(c => c is not null) + layout.Unattached
            + layout.Nodes.Values.Sum(n => n.Leading.Count(c => c is not null) + (n.Inline is null ? 0 : 1));
        return ReadsBack(plain, display, layer, report.Result) ? (plain, all) : null;
    }

    private bool ReadsBack(string content, string display, LayerKind layer, ConfigMap expected)
    {
        try
        {
            return SameMeaning(ConfigFileParser.Parse(Utf8.GetBytes(content), display, layer, Options.Limits), expected);
        }
        catch (ConfigurationLoadException)
        {
            return false;
        }
    }

    // Equal values, secret flags and delete markers; for strings that interpolate, the same quoting.
    private static bool SameMeaning(ConfigNode a, ConfigNode b)
    {
        if (a.IsSecret != b.IsSecret)
        {
            return false;
        }

        switch (a)
        {
            case ConfigMap am when b is ConfigMap bm:
                return am.Count == bm.Count && am.All(e => bm.TryGetValue(e.Key, out var other) && SameMeaning(e.Value, other));
            case ConfigSequence aq when b is ConfigSequence bq:
                return aq.Count == bq.Count && aq.Zip(bq).All(p => SameMeaning(p.First, p.Second));
            case ConfigScalar asc when b is ConfigScalar bsc:
                return asc.ValueEquals(bsc)
                    && (asc.ScalarKind != ScalarKind.String || !asc.StringValue!.Contains("${", StringComparison.Ordinal) || asc.IsQuoted == bsc.IsQuoted);
            default:
                return false;
        }
    }

    private string BackupPath(string path)
    {
        var candidate = path + ".bak";
        for (var n = 1; Options.FileStore.FileExists(candidate); n++)
        {
            candidate = $"{path}.{n}.bak";
        }

        return candidate;
    }

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> StripBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Bom) ? bytes.AsSpan(3) : bytes;

    // Keep the source file's byte order mark and line endings.
    private static byte[] EncodeLike(byte[] original, string content)
    {
        if (original.AsSpan().IndexOf("\r\n"u8) >= 0)
        {
            content = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        var body = Utf8.GetBytes(content);
        return original.AsSpan().StartsWith(Bom) ? [.. Bom, .. body] : body;
    }

    private sealed record OutputFile(string Path, string Display);
}
