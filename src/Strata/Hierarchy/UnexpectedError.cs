using System.Text;
using Strata.Model;

namespace Strata.Hierarchy;

/// <summary>
/// Turns an exception that no stage anticipated into one user-facing error line:
/// <c>file:1:1: unexpected error: ExceptionType (details in the log)</c>. The exception's message can quote values,
/// secrets among them, so it goes only to the log, with the stack trace, where callers write the exception itself.
/// </summary>
internal static class UnexpectedError
{
    /// <summary>The error for <paramref name="exception"/>, placed at the file being read when it is known.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="file">The file being read, relative to the config directory; null or empty when none.</param>
    public static ConfigurationError For(Exception exception, string? file)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = $"unexpected error: {exception.GetType().Name} (details in the log)";
        return string.IsNullOrEmpty(file)
            ? new ConfigurationError(string.Empty, 0, 0, string.Empty, message)
            : ConfigurationError.ForFile(file, message);
    }

    /// <summary><c>ExceptionType: message</c> on one line.</summary>
    /// <param name="exception">What was thrown.</param>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.GetType().Name + ": " + OneLine(exception.Message);
    }

    private static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
