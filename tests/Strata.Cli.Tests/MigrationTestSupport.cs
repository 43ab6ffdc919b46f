namespace Strata.Cli.Tests;

/// <summary>Runs the CLI in process for the migration verbs, and finds the repository's samples.</summary>
internal static class MigrationCli
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SampleScripts => Path.Combine(RepositoryRoot, "samples", "config", "migrations");

    public static string LegacyDirectory => Path.Combine(RepositoryRoot, "samples", "legacy");

    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, TextReader.Null, new Dictionary<string, string>(), Color: false);
        var exit = await StrataCli.RunAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Strata.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
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
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            scratch.Write(System.IO.Path.GetRelativePath(source, file), File.ReadAllText(file));
        }

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
