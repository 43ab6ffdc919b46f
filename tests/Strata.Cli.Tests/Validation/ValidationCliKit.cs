namespace Strata.Cli.Tests.Validation;

/// <summary>Runs the CLI in process and provides scratch copies of the sample configuration.</summary>
internal static class ValidationCliKit
{
    public static string SampleConfig => CliRunner.SampleConfig;

    public static Task<(int Exit, string Out, string Error)> Run(params string[] args) => CliRunner.RunAsync(args);

    public static string CopySample()
    {
        var target = NewDirectory();
        CliRunner.CopyTree(SampleConfig, target);
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
}
