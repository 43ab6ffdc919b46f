using Strata.Secrets;

namespace Strata.Notifications;

/// <summary>One published notification on its way to the subscribers; the masked copy is made once, by whoever needs it first.</summary>
internal sealed class NotificationEnvelope(ReloadNotification original, SecretRedactor redactor)
{
    private ReloadNotification? _redacted;

    /// <summary>The notification as published (values in clear).</summary>
    public ReloadNotification Original { get; } = original;

    /// <summary>The notification with secrets masked.</summary>
    public ReloadNotification Redacted =>
        Volatile.Read(ref _redacted) ?? Interlocked.CompareExchange(ref _redacted, NotificationRedaction.Redact(Original, redactor), null) ?? _redacted!;
}
