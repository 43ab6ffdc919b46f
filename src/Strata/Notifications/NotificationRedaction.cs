using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Strata.Model;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Notifications;

/// <summary>
/// Masks secrets in a notification before any channel sees it: changed values at secret paths (or tagged <c>!secret</c>)
/// become <c>***</c>, on both sides of a change when either side is secret (so tagging or untagging a value shows
/// <c>***</c> before and after), and the clear text of every secret value known from the changes and from the old and new snapshots
/// is replaced by <c>***</c> wherever it appears in the message, the error messages and the migration lines. For an error
/// about a secret path, quoted text in its message is masked as well. The snapshots themselves are left as they are:
/// they are the configuration the application reads.
/// </summary>
internal static partial class NotificationRedaction
{
    /// <summary>Returns <paramref name="notification"/> with its secrets masked (the same instance when there was nothing to mask).</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="redactor">Decides what is secret; <see cref="SecretRedactor.Default"/> when null.</param>
    public static ReloadNotification Redact(ReloadNotification notification, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        redactor ??= SecretRedactor.Default;
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var changes = RedactChanges(notification.Changes, redactor, secrets);
        AddSnapshotSecrets(notification.OldSnapshot, previous: null, redactor, secrets);
        AddSnapshotSecrets(notification.NewSnapshot, notification.OldSnapshot, redactor, secrets);
        secrets.Remove(string.Empty);
        string[] ordered = secrets.Count == 0 ? [] : [.. secrets.OrderByDescending(s => s.Length)];

        var message = MaskText(notification.Message, ordered);
        var errors = RedactErrors(notification.Errors, redactor, ordered);
        var migrations = RedactLines(notification.Migrations, ordered);
        if (ReferenceEquals(changes, notification.Changes) && ReferenceEquals(message, notification.Message)
            && ReferenceEquals(errors, notification.Errors) && ReferenceEquals(migrations, notification.Migrations))
        {
            return notification;
        }

        return notification with { Changes = changes, Message = message, Errors = errors, Migrations = migrations };
    }

    /// <summary>Replaces every occurrence of each secret text in <paramref name="text"/> with <see cref="SecretRedactor.Mask"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="secrets">Secret texts, longest first.</param>
    internal static string MaskText(string text, IReadOnlyList<string> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = text;
        foreach (var secret in secrets)
        {
            if (result.Contains(secret, StringComparison.Ordinal))
            {
                result = result.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IReadOnlyList<ConfigChange> RedactChanges(IReadOnlyList<ConfigChange> changes, SecretRedactor redactor, HashSet<string> secrets)
    {
        ConfigChange[]? result = null;
        var changeSecrets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var secretPath = redactor.IsSecret(change.Path);
            changeSecrets.Clear();
            if (change.OldValue is { } before)
            {
                SecretTexts.Collect(before, secretPath, redactor, changeSecrets);
            }

            if (change.NewValue is { } after)
            {
                SecretTexts.Collect(after, secretPath, redactor, changeSecrets);
            }

            secrets.UnionWith(changeSecrets);

            // A value secret on either side (say, just tagged or untagged !secret) is masked on both: the other side
            // would show the clear text. Within a value, so is any text that is secret on either side.
            ConfigNode? oldValue, newValue;
            if (redactor.IsSecret(change.Path, change.OldValue) || redactor.IsSecret(change.Path, change.NewValue))
            {
                oldValue = Masked(change.OldValue);
                newValue = Masked(change.NewValue);
            }
            else
            {
                oldValue = RedactValue(change.OldValue, change.Path, redactor, changeSecrets);
                newValue = RedactValue(change.NewValue, change.Path, redactor, changeSecrets);
            }

            if (!ReferenceEquals(oldValue, change.OldValue) || !ReferenceEquals(newValue, change.NewValue))
            {
                result ??= [.. changes];
                result[i] = change with { OldValue = oldValue, NewValue = newValue };
            }
        }

        return result ?? changes;
    }

    private static ConfigNode? Masked(ConfigNode? node) => node is null ? null : ConfigScalar.String(SecretRedactor.Mask, node.Origin);

    /// <summary>A value that is not secret as a whole, with its secret values and every scalar reading as one of <paramref name="secretTexts"/> masked.</summary>
    private static ConfigNode? RedactValue(ConfigNode? node, ConfigPath path, SecretRedactor redactor, HashSet<string> secretTexts)
    {
        if (node is null)
        {
            return null;
        }

        var redacted = node is ConfigScalar ? node : redactor.Redact(node, path);
        if (secretTexts.Count == 0)
        {
            return redacted;
        }

        return ConfigTreeRewriter.Rewrite(redacted, path, (child, _) =>
            child is ConfigScalar scalar && scalar.AsText() is { Length: > 0 } text && secretTexts.Contains(text)
                ? ConfigScalar.String(SecretRedactor.Mask, scalar.Origin)
                : null);
    }

    private static IReadOnlyList<ConfigurationError> RedactErrors(IReadOnlyList<ConfigurationError> errors, SecretRedactor redactor, string[] secrets)
    {
        ConfigurationError[]? result = null;
        for (var i = 0; i < errors.Count; i++)
        {
            var error = errors[i];
            var message = MaskText(error.Message, secrets);
            if (error.Path.Length > 0 && redactor.IsSecret(error.Path))
            {
                message = QuotedText().Replace(message, m => m.Value[0] + SecretRedactor.Mask + m.Value[^1]);
            }

            if (!string.Equals(message, error.Message, StringComparison.Ordinal))
            {
                result ??= [.. errors];
                result[i] = error with { Message = message };
            }
        }

        return result ?? errors;
    }

    private static IReadOnlyList<string> RedactLines(IReadOnlyList<string> lines, string[] secrets)
    {
        string[]? result = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var masked = MaskText(lines[i], secrets);
            if (!ReferenceEquals(masked, lines[i]))
            {
                result ??= [.. lines];
                result[i] = masked;
            }
        }

        return result ?? lines;
    }

    private static void AddSnapshotSecrets(ConfigSnapshot? snapshot, ConfigSnapshot? previous, SecretRedactor redactor, HashSet<string> secrets)
    {
        if (snapshot is null)
        {
            return;
        }

        secrets.UnionWith(SecretTexts.Of(snapshot, redactor, previous));
    }

    [GeneratedRegex("'[^']*'|\"[^\"]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedText();
}
