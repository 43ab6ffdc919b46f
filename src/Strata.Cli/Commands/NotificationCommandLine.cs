using System.Diagnostics.CodeAnalysis;
using Strata.Model;
using Strata.Notifications;

namespace Strata.Cli.Commands;

/// <summary>
/// Turns the notification options of <c>strata watch</c> into <see cref="NotificationOptions"/>:
/// <c>--notify console,log,file</c>, <c>--notify-file PATH</c>, <c>--only config_reloaded,config_failed</c>,
/// <c>--keys redis,learning</c>. Every value may be repeated and may hold a comma-separated list. A mistake gives one
/// line naming the option and the bad value (a usage error, exit code 2).
/// </summary>
internal static class NotificationCommandLine
{
    /// <summary>The channel names <c>--notify</c> accepts.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["console", "log", "file"];

    /// <summary>
    /// Builds the options. The channels listed are enabled together with Callback and AsyncCallback (so the application's
    /// own callbacks keep working); <c>--notify-file</c> implies the file channel; <c>--only</c> and <c>--keys</c> become
    /// <see cref="NotificationOptions.Filter"/>, which applies to the console, log and file channels.
    /// </summary>
    /// <param name="notify">Values of <c>--notify</c>.</param>
    /// <param name="notifyFile">The value of <c>--notify-file</c>.</param>
    /// <param name="only">Values of <c>--only</c> (event names such as <c>config_failed</c>).</param>
    /// <param name="keys">Values of <c>--keys</c> (key prefixes such as <c>redis</c>).</param>
    /// <param name="options">The options, when valid.</param>
    /// <param name="error">What is wrong, when not.</param>
    public static bool TryCreateOptions(
        IEnumerable<string>? notify,
        string? notifyFile,
        IEnumerable<string>? only,
        IEnumerable<string>? keys,
        [NotNullWhen(true)] out NotificationOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        var channels = new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback };
        foreach (var name in Split(notify))
        {
            if (!TryParseChannel(name, out var channel))
            {
                error = $"--notify: unknown channel '{name}'; expected {string.Join(", ", ChannelNames)}";
                return false;
            }

            channels.Add(channel);
        }

        if (notifyFile is not null)
        {
            if (string.IsNullOrWhiteSpace(notifyFile))
            {
                error = "--notify-file: the path is empty";
                return false;
            }

            channels.Add(NotificationChannel.File);
        }
        else if (channels.Contains(NotificationChannel.File))
        {
            error = "--notify file needs --notify-file PATH";
            return false;
        }

        if (!TryParseEvents(only, out var events, out error))
        {
            error = "--only: " + error;
            return false;
        }

        var prefixes = new List<string>();
        foreach (var key in Split(keys))
        {
            if (!ConfigPath.TryParse(key, out var path, out var keyError))
            {
                error = "--keys: " + keyError;
                return false;
            }

            prefixes.Add(path.Text);
        }

        options = new NotificationOptions
        {
            EnabledChannels = channels,
            FilePath = notifyFile,
            Filter = events.Count == 0 && prefixes.Count == 0 ? null : new NotificationFilter { EventTypes = events, KeyPrefixes = prefixes },
        };
        error = null;
        return true;
    }

    /// <summary>Builds the options, or throws <see cref="ArgumentException"/> with the one-line usage error.</summary>
    /// <param name="notify">Values of <c>--notify</c>.</param>
    /// <param name="notifyFile">The value of <c>--notify-file</c>.</param>
    /// <param name="only">Values of <c>--only</c>.</param>
    /// <param name="keys">Values of <c>--keys</c>.</param>
    /// <exception cref="ArgumentException">A value is not valid.</exception>
    public static NotificationOptions CreateOptions(IEnumerable<string>? notify, string? notifyFile, IEnumerable<string>? only, IEnumerable<string>? keys) =>
        TryCreateOptions(notify, notifyFile, only, keys, out var options, out var error) ? options : throw new ArgumentException(error);

    /// <summary>Parses event names (<c>config_loaded</c>, <c>file_changed</c>, <c>config_reloaded</c>, <c>config_failed</c>, <c>config_rolled_back</c>, <c>migration_applied</c>).</summary>
    /// <param name="values">Names, each possibly a comma-separated list.</param>
    /// <param name="events">The events, in the order given, without repeats.</param>
    /// <param name="error">The unknown name, when there is one.</param>
    public static bool TryParseEvents(IEnumerable<string>? values, out IReadOnlyList<ReloadEvent> events, [NotNullWhen(false)] out string? error)
    {
        var result = new List<ReloadEvent>();
        foreach (var name in Split(values))
        {
            if (!ReloadNotification.TryParseEventName(name, out var value))
            {
                events = [];
                error = $"unknown event '{name}'; expected {string.Join(", ", Enum.GetValues<ReloadEvent>().Select(ReloadNotification.EventName))}";
                return false;
            }

            if (!result.Contains(value))
            {
                result.Add(value);
            }
        }

        events = result;
        error = null;
        return true;
    }

    private static bool TryParseChannel(string name, out NotificationChannel channel)
    {
        switch (name.ToUpperInvariant())
        {
            case "CONSOLE":
                channel = NotificationChannel.Console;
                return true;
            case "LOG":
                channel = NotificationChannel.Log;
                return true;
            case "FILE":
                channel = NotificationChannel.File;
                return true;
            default:
                channel = default;
                return false;
        }
    }

    private static IEnumerable<string> Split(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
