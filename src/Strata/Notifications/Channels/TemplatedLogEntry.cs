using System.Collections;

namespace Strata.Notifications.Channels;

/// <summary>
/// The state of a Log channel entry written with a custom template: the message is the rendered template, and the
/// structured properties are those of the default entry, plus <c>{OriginalFormat}</c> (the template).
/// </summary>
internal sealed class TemplatedLogEntry(string text, string template, ReloadNotification n, IReadOnlyList<string> changes, IReadOnlyList<string> errors)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _properties =
    [
        new("EventType", ReloadNotification.EventName(n.EventType)),
        new("Version", n.Version),
        new("OldVersion", n.OldVersion),
        new("Priority", n.Priority),
        new("ChangeCount", n.Changes.Count),
        new("ErrorCount", n.Errors.Count),
        new("Message", n.Message),
        new("Files", n.Files),
        new("Changes", changes),
        new("Errors", errors),
        new("{OriginalFormat}", template),
    ];

    /// <summary>The rendered message.</summary>
    public string Text { get; } = text;

    /// <inheritdoc />
    public int Count => _properties.Length;

    /// <inheritdoc />
    public KeyValuePair<string, object?> this[int index] => _properties[index];

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_properties).GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => Text;

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
