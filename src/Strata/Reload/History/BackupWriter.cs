using System.Globalization;
using System.Text;
using Strata.Secrets;
using Strata.Serialization;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Reload.History;

/// <summary>
/// Writes each applied version to a backup directory as YAML — atomically, with file mode 0600, secrets
/// redacted — and keeps only the newest <c>MaxBackups</c> files.
/// </summary>
internal sealed class BackupWriter
{
    private const string Prefix = "config-v";

    /// <summary>Creates a writer.</summary>
    /// <param name="directory">The backup directory (created when missing, mode 0700).</param>
    /// <param name="maxBackups">How many files to keep.</param>
    /// <param name="redactor">Masks secrets.</param>
    public BackupWriter(string directory, int maxBackups, SecretRedactor redactor)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(redactor);
        Directory = Path.GetFullPath(directory);
        MaxBackups = Math.Max(1, maxBackups);
        Redactor = redactor;
    }

    /// <summary>The backup directory.</summary>
    public string Directory { get; }

    /// <summary>How many files are kept.</summary>
    public int MaxBackups { get; }

    private SecretRedactor Redactor { get; }

    /// <summary>Writes one snapshot and prunes old files. Returns the file written.</summary>
    /// <param name="snapshot">The snapshot.</param>
    public string Write(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!System.IO.Directory.Exists(Directory))
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{snapshot.Version:D6}.yaml");
        var path = Path.Combine(Directory, name);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"# Strata backup: version {snapshot.Version}, {snapshot.Timestamp:O}, environment {snapshot.Environment}")
            .Append(snapshot.Agent is null ? string.Empty : ", agent " + snapshot.Agent)
            .Append('\n')
            .Append(CultureInfo.InvariantCulture, $"# content hash {snapshot.ContentHash}; secrets are redacted\n")
            .Append(ConfigYamlWriter.ToYaml(snapshot.Root, Redactor))
            .ToString();
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Prune();
        return path;
    }

    /// <summary>The backup files, oldest first.</summary>
    public IReadOnlyList<string> List() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, Prefix + "*.yaml").Order(StringComparer.Ordinal)]
            : [];

    private void Prune()
    {
        var files = List();
        foreach (var old in files.Take(Math.Max(0, files.Count - MaxBackups)))
        {
            File.Delete(old);
        }
    }
}
