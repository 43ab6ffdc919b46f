namespace Strata.Cli.Tests;

/// <summary>Runs the CLI in process for the migration verbs, and finds the repository's samples.</summary>
internal static class MigrationCli
{
    public static string RepositoryRoot => CliRunner.RepositoryRoot;

    public static string SampleScripts => Path.Combine(RepositoryRoot, "samples", "config", "migrations");

    public static string LegacyDirectory => Path.Combine(RepositoryRoot, "samples", "legacy");

    public static Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => CliRunner.RunAsync(args);
}

/// <summary>A scratch directory for migration CLI tests, deleted on dispose.</summary>
internal sealed class MigrationScratch : IDisposable
{
    public MigrationScratch()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "strata-cli-migrate-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static MigrationScratch CopyOf(string source)
    {
        var scratch = new MigrationScratch();
        CliRunner.CopyTree(source, scratch.Path);
        return scratch;
    }

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
