using Strata.Model;

namespace Strata.Cli.Output;

/// <summary>Writes configuration errors to stderr, one line each: <c>file:line:column: path: message</c>.</summary>
internal static class ErrorWriter
{
    public static void Write(CliContext context, IEnumerable<ConfigurationError> errors)
    {
        foreach (var error in errors)
        {
            var line = error.ToString();
            context.Error.WriteLine(context.Color ? Ansi.Paint(line, error.Severity == ErrorSeverity.Warning ? Ansi.Yellow : Ansi.Red) : line);
        }
    }
}
