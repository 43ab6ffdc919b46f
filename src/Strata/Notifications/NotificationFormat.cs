namespace Strata.Notifications;

/// <summary>How the console and file channels write a notification.</summary>
public enum NotificationFormat
{
    /// <summary>A readable summary line, then one indented line per change, error and migration step.</summary>
    Text,

    /// <summary>One JSON object per line, in the shape of <c>strata watch --format jsonl</c>.</summary>
    JsonLines,
}
