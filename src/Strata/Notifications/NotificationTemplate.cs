using System.Globalization;
using System.Text;
using Strata.Secrets;

namespace Strata.Notifications;

/// <summary>
/// A compiled output template: literal text and named fields in braces, e.g. <c>{timestamp} {event} v{version} {message}</c>;
/// <c>{{</c> and <c>}}</c> stand for literal braces. A field with nothing to show (no files, no message, no earlier
/// version) is left out together with one space before it (or after it, when nothing precedes it), so optional parts
/// do not leave double spaces. Rendering takes a notification whose secrets are already masked.
/// </summary>
internal sealed class NotificationTemplate
{
    /// <summary>The fields a template may name, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "timestamp", "event", "version", "old_version", "was", "files", "file_count", "message", "priority",
        "environment", "agent", "change_count", "changes", "error_count", "errors", "migrations",
    ];

    private const string Reset = "\u001b[0m";

    private readonly (string Text, bool IsField)[] _parts;

    private NotificationTemplate(string text, (string Text, bool IsField)[] parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The summary line of the text format: <c>time event vN (was vM) [files] message</c>.</summary>
    public static NotificationTemplate DefaultText { get; } = Parse(NotificationOptions.DefaultTextTemplate, "template");

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Compiles a template.</summary>
    /// <param name="template">The template.</param>
    /// <param name="optionName">The setting it comes from, named in errors (e.g. <c>NotificationOptions.ConsoleTemplate</c>).</param>
    /// <exception cref="ArgumentException">A brace is unbalanced or a field is unknown; the message names the setting, the field and the position.</exception>
    public static NotificationTemplate Parse(string template, string optionName)
    {
        if (template is null)
        {
            throw new ArgumentException($"{optionName} must not be null", optionName);
        }

        var parts = new List<(string, bool)>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    literal.Append('}');
                    i++;
                    continue;
                }

                throw Error(optionName, template, $"'}}' at position {i + 1} closes no field (write '}}}}' for a literal brace)");
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            var nextOpen = template.IndexOf('{', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                throw Error(optionName, template, $"'{{' at position {i + 1} is never closed (write '{{{{' for a literal brace)");
            }

            var name = template[(i + 1)..close];
            if (!FieldNames.Contains(name, StringComparer.Ordinal))
            {
                var known = string.Join(", ", FieldNames.Select(f => "{" + f + "}"));
                throw Error(optionName, template, $"unknown field {{{name}}} at position {i + 1}; the fields are {known}");
            }

            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), false));
                literal.Clear();
            }

            parts.Add((name, true));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), false));
        }

        return new NotificationTemplate(template, [.. parts]);
    }

    /// <summary>Renders the template for one notification (no trailing newline).</summary>
    /// <param name="n">The notification, secrets already masked.</param>
    /// <param name="redactor">Masks changed values at secret paths.</param>
    /// <param name="color">True to colour the event name with ANSI escapes.</param>
    public string Render(ReloadNotification n, SecretRedactor redactor, bool color = false)
    {
        ArgumentNullException.ThrowIfNull(n);
        var sb = new StringBuilder(128);
        var skipSpace = false;
        foreach (var (text, isField) in _parts)
        {
            if (!isField)
            {
                sb.Append(skipSpace && text[0] == ' ' ? text.AsSpan(1) : text);
                skipSpace = false;
                continue;
            }

            var value = Value(text, n, redactor);
            if (value.Length == 0)
            {
                if (sb.Length > 0 && sb[^1] == ' ')
                {
                    sb.Length--;
                }
                else if (sb.Length == 0)
                {
                    skipSpace = true;
                }

                continue;
            }

            skipSpace = false;
            if (color && text == "event")
            {
                sb.Append("\u001b[").Append(EventColor(n.EventType)).Append('m').Append(value).Append(Reset);
            }
            else
            {
                sb.Append(value);
            }
        }

        return sb.ToString();
    }

    /// <summary>Replaces line breaks with spaces, so a field stays on its line.</summary>
    /// <param name="text">The text.</param>
    public static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.ReplaceLineEndings(" ")
            : text;

    /// <summary>The ANSI colour code of an event's name.</summary>
    /// <param name="eventType">The event.</param>
    public static string EventColor(ReloadEvent eventType) => eventType switch
    {
        ReloadEvent.ConfigFailed => "1;31",
        ReloadEvent.ConfigRolledBack => "1;33",
        ReloadEvent.ConfigReloaded => "1;32",
        ReloadEvent.ConfigLoaded => "1;36",
        ReloadEvent.MigrationApplied => "35",
        _ => "90",
    };

    private static string Value(string field, ReloadNotification n, SecretRedactor redactor) => field switch
    {
        "timestamp" => n.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        "event" => ReloadNotification.EventName(n.EventType),
        "version" => n.Version.ToString(CultureInfo.InvariantCulture),
        "old_version" => n.OldVersion?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        "was" => n.OldVersion is { } old && old != n.Version ? string.Create(CultureInfo.InvariantCulture, $"(was v{old})") : string.Empty,
        "files" => n.Files.Count > 0 ? "[" + string.Join(", ", n.Files) + "]" : string.Empty,
        "file_count" => n.Files.Count.ToString(CultureInfo.InvariantCulture),
        "message" => OneLine(n.Message),
        "priority" => n.Priority.ToString().ToLowerInvariant(),
        "environment" => n.NewSnapshot?.Environment ?? n.OldSnapshot?.Environment ?? string.Empty,
        "agent" => n.NewSnapshot?.Agent ?? n.OldSnapshot?.Agent ?? string.Empty,
        "change_count" => n.Changes.Count.ToString(CultureInfo.InvariantCulture),
        "changes" => string.Join("; ", n.Changes.Select(c => NotificationText.FormatChange(c, redactor))),
        "error_count" => n.Errors.Count.ToString(CultureInfo.InvariantCulture),
        "errors" => string.Join("; ", n.Errors.Select(e => OneLine(e.ToString()))),
        _ => string.Join("; ", n.Migrations.Select(OneLine)),
    };

    private static ArgumentException Error(string optionName, string template, string what) =>
        new($"{optionName} \"{template}\": {what}", optionName[(optionName.LastIndexOf('.') + 1)..]);
}
