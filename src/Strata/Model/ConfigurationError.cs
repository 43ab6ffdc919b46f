using System.Globalization;
using System.Text;

namespace Strata.Model;

/// <summary>
/// One problem a user can fix, located at <c>file:line:column</c>. Every stage of the pipeline
/// (load, interpolation, migration, validation) reports its problems as these.
/// </summary>
/// <param name="File">The source, relative to the config directory (or <c>env:NAME</c>, <c>cli</c>, ...); empty when unknown.</param>
/// <param name="Line">1-based line; 0 when unknown.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
/// <param name="Path">The key path the problem is about; empty for whole-file problems.</param>
/// <param name="Message">What is wrong, in words a person understands.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record ConfigurationError(string File, int Line, int Column, string Path, string Message, ErrorSeverity Severity = ErrorSeverity.Error)
{
    /// <summary>Creates an error located at a node's origin.</summary>
    /// <param name="origin">The origin of the offending value, if known.</param>
    /// <param name="path">The key path.</param>
    /// <param name="message">The message.</param>
    /// <param name="severity">The severity.</param>
    public static ConfigurationError At(Origin? origin, string path, string message, ErrorSeverity severity = ErrorSeverity.Error) =>
        new(origin?.Source ?? string.Empty, origin?.Line ?? 0, origin?.Column ?? 0, path, message, severity);

    /// <summary>An error about a whole file, placed at its first line and column so editors can jump to it.</summary>
    /// <param name="file">The file, relative to the config directory.</param>
    /// <param name="message">The message.</param>
    public static ConfigurationError ForFile(string file, string message) => new(file, 1, 1, string.Empty, message);

    /// <summary>The <c>file:line:column</c> prefix (shortened when parts are unknown).</summary>
    public string Location
    {
        get
        {
            if (File.Length == 0)
            {
                return string.Empty;
            }

            return Line > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}")
                : File;
        }
    }

    /// <summary>One line: <c>file:line:column: path: what is wrong</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Location.Length > 0)
        {
            sb.Append(Location).Append(": ");
        }

        if (Severity == ErrorSeverity.Warning)
        {
            sb.Append("warning: ");
        }

        if (Path.Length > 0)
        {
            sb.Append(Path).Append(": ");
        }

        return sb.Append(Message).ToString();
    }
}
