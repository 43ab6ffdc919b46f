using Spectre.Console;

namespace Strata.Cli.Output;

/// <summary>Colours for terminal output, through Spectre.Console's markup (used only when colour is on).</summary>
internal static class Ansi
{
    public const string Red = "red";
    public const string Green = "green";
    public const string Yellow = "yellow";
    public const string Cyan = "cyan";
    public const string Grey = "grey";

    public static string Paint(string text, string color)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = int.MaxValue / 2;
        console.Markup($"[{color}]{Markup.Escape(text)}[/]");
        return writer.ToString();
    }
}
