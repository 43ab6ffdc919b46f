using Strata.Sources;

namespace Strata.Cli;

/// <summary>
/// Everything a command touches outside itself: the three standard streams, the environment variables,
/// and whether colour is on. Tests run the whole CLI in process with their own context.
/// </summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="In">Standard input.</param>
/// <param name="Variables">The environment variables.</param>
/// <param name="Color">True to colour output (only on a terminal, never when piped).</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, TextReader In, IReadOnlyDictionary<string, string> Variables, bool Color)
{
    /// <summary>The process console: colour only when stdout is a terminal and <c>NO_COLOR</c> is unset.</summary>
    public static CliContext FromConsole()
    {
        var variables = EnvironmentVariableSource.ProcessVariables();
        var color = !Console.IsOutputRedirected && !variables.ContainsKey("NO_COLOR");
        return new CliContext(Console.Out, Console.Error, Console.In, variables, color);
    }
}
