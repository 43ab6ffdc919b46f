using System.Globalization;
using System.Text;
using Strata.Model;
using Strata.Secrets;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Notifications;

/// <summary>
/// The readable form of a notification, used by the Console channel and the File channel's text format: one summary line
/// (by default <c>time event vN (was vM) [files] message</c>, or the channel's template), then one indented line per change (<c>+</c> added, <c>-</c> removed,
/// <c>~</c> modified, values as JSON), per error (<c>!</c>, one line <c>file:line:column: path: message</c>) and per
/// migration step (<c>&gt;</c>). Secrets are masked. With colour, ANSI escapes mark the event and the change kinds.
/// </summary>
internal static class NotificationText
{
    private const string Reset = "\u001b[0m";

    /// <summary>Formats a notification; the result ends with a newline.</summary>
    /// <param name="notification">The notification (its secrets are masked here too).</param>
    /// <param name="redactor">Decides what is secret; <see cref="SecretRedactor.Default"/> when null.</param>
    /// <param name="color">True to add ANSI colours.</param>
    /// <param name="template">Shapes the summary line; <see cref="NotificationTemplate.DefaultText"/> when null.</param>
    public static string Format(ReloadNotification notification, SecretRedactor? redactor = null, bool color = false, NotificationTemplate? template = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        redactor ??= SecretRedactor.Default;
        var n = NotificationRedaction.Redact(notification, redactor);
        var sb = new StringBuilder(128);
        sb.Append((template ?? NotificationTemplate.DefaultText).Render(n, redactor, color));
        sb.Append('\n');
        foreach (var change in n.Changes)
        {
            AppendChange(sb, change, redactor, color);
        }

        foreach (var error in n.Errors)
        {
            sb.Append("  ");
            Colored(sb, "! " + OneLine(error.ToString()), "31", color);
            sb.Append('\n');
        }

        foreach (var step in n.Migrations)
        {
            sb.Append("  > ").Append(OneLine(step)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A compact, secret-safe text of one changed value (JSON: numbers bare, strings quoted).</summary>
    /// <param name="value">The value.</param>
    /// <param name="path">Its path.</param>
    /// <param name="redactor">Decides what is secret.</param>
    public static string FormatValue(ConfigNode? value, ConfigPath path, SecretRedactor? redactor = null) =>
        ConfigJsonWriter.ToJson(value, redactor ?? SecretRedactor.Default, indented: false, path);

    /// <summary>One line per change: <c>path: old -&gt; new</c>, <c>path: added new</c> or <c>path: removed old</c>.</summary>
    /// <param name="change">The change.</param>
    /// <param name="redactor">Decides what is secret.</param>
    public static string FormatChange(ConfigChange change, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Kind switch
        {
            ChangeKind.Added => $"{change.Path.Text}: added {FormatValue(change.NewValue, change.Path, redactor)}",
            ChangeKind.Removed => $"{change.Path.Text}: removed {FormatValue(change.OldValue, change.Path, redactor)}",
            _ => $"{change.Path.Text}: {FormatValue(change.OldValue, change.Path, redactor)} -> {FormatValue(change.NewValue, change.Path, redactor)}",
        };
    }

    private static void AppendChange(StringBuilder sb, ConfigChange change, SecretRedactor redactor, bool color)
    {
        var (mark, code) = change.Kind switch
        {
            ChangeKind.Added => ("+", "32"),
            ChangeKind.Removed => ("-", "31"),
            _ => ("~", "33"),
        };
        sb.Append("  ");
        Colored(sb, mark, code, color);
        sb.Append(' ').Append(FormatChange(change, redactor)).Append('\n');
    }

    private static void Colored(StringBuilder sb, string text, string code, bool color)
    {
        if (color)
        {
            sb.Append("\u001b[").Append(code).Append('m').Append(text).Append(Reset);
        }
        else
        {
            sb.Append(text);
        }
    }

    private static string OneLine(string text) => NotificationTemplate.OneLine(text);
}
