using Strata.Secrets;
using Strata.Serialization;

namespace Strata.Notifications.Channels;

/// <summary>
/// Writes each notification to a text writer (standard output by default) as readable text (<see cref="NotificationText"/>)
/// or as one JSON line. Colour is used only when the writer is the process's console attached to a terminal and
/// <c>NO_COLOR</c> is not set, unless forced either way.
/// </summary>
internal sealed class ConsoleNotificationChannel : INotificationSubscriber
{
    private readonly TextWriter _writer;
    private readonly SecretRedactor _redactor;
    private readonly Lock _gate = new();

    /// <summary>Creates the channel.</summary>
    /// <param name="writer">Where to write; null for <see cref="Console.Out"/>.</param>
    /// <param name="format">Text or JSON Lines.</param>
    /// <param name="color">True or false to force colour; null to colour only a real terminal.</param>
    /// <param name="redactor">Masks secrets; <see cref="SecretRedactor.Default"/> when null.</param>
    /// <param name="filter">Which notifications to write; null for all.</param>
    /// <param name="template">The Text format's summary line; <see cref="NotificationTemplate.DefaultText"/> when null.</param>
    public ConsoleNotificationChannel(TextWriter? writer = null, NotificationFormat format = NotificationFormat.Text, bool? color = null, SecretRedactor? redactor = null, NotificationFilter? filter = null, NotificationTemplate? template = null)
    {
        Template = template ?? NotificationTemplate.DefaultText;
        _writer = writer ?? Console.Out;
        _redactor = redactor ?? SecretRedactor.Default;
        Format = format;
        Filter = filter;
        UseColor = format == NotificationFormat.Text && (color ?? IsTerminal(_writer));
    }

    /// <inheritdoc />
    public NotificationFilter? Filter { get; }

    /// <summary>The output format.</summary>
    public NotificationFormat Format { get; }

    /// <summary>The Text format's summary line.</summary>
    public NotificationTemplate Template { get; }

    /// <summary>True when output is coloured.</summary>
    public bool UseColor { get; }

    /// <summary>True when <paramref name="writer"/> is the process's standard output or error and that stream is a terminal, and <c>NO_COLOR</c> is unset.</summary>
    /// <param name="writer">The writer.</param>
    public static bool IsTerminal(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal))
        {
            return false;
        }

        if (ReferenceEquals(writer, Console.Out))
        {
            return !Console.IsOutputRedirected;
        }

        return ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
    }

    /// <inheritdoc />
    public void HandleNotification(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var text = Format == NotificationFormat.JsonLines
            ? ReloadNotificationJson.ToJsonLine(NotificationRedaction.Redact(notification, _redactor), _redactor) + "\n"
            : NotificationText.Format(notification, _redactor, UseColor, Template);
        lock (_gate)
        {
            _writer.Write(text);
            _writer.Flush();
        }
    }
}
