namespace Strata.Cli.Tests.Validation;

/// <summary>Runs the CLI in process and provides scratch copies of the sample configuration.</summary>
internal static class ValidationCliKit
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SampleConfig => Path.Combine(RepositoryRoot, "samples", "config");

    public static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, TextReader.Null, new Dictionary<string, string>(), Color: false);
        var exit = await StrataCli.RunAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    public static string CopySample()
    {
        var target = NewDirectory();
        foreach (var file in Directory.EnumerateFiles(SampleConfig, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(SampleConfig, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    public static string NewDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "strata-cli-validate-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Write(string dir, string relative, string content)
    {
        var full = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public static void Delete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
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
