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
internal sealed class MigrationScratch() : Strata.Testing.TempDirectory("strata-cli-migrate-")
{
    public static MigrationScratch CopyOf(string source)
    {
        var scratch = new MigrationScratch();
        CopyTree(source, scratch.Path);
        return scratch;
    }
}
