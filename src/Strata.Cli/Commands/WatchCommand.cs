using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Strata.Cli.Output;
using Strata.Etcd;
using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata watch [DIR] [--env E] [--agent A] [--strategy immediate|batched|scheduled|manual] [--batch-delay 1s]
/// [--max-batch 10] [--interval 5s] [--poll] [--backup-dir D] [--format text|jsonl] [--health-cmd CMD]</c>, or from
/// etcd with <c>--etcd URL --prefix P [--instance ID]</c>: keeps the configuration live and prints one line per event.
/// Watching etcd registers the process at <c>{prefix}/instances/{id}</c>; <c>--health-cmd</c> checks each applied
/// version (see <see cref="HealthCommand"/>) and rolls back locally when it fails. With the manual strategy it reads <c>reload</c>, <c>pending</c>,
/// <c>history</c> and <c>rollback [VERSION]</c> from stdin. Ctrl-C and SIGTERM stop it cleanly.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliContext context)
    {
        var dir = CommonOptions.Directory();
        var env = CommonOptions.Env();
        var agent = CommonOptions.Agent();
        var set = CommonOptions.Set();
        var strategy = new Option<string>("--strategy") { Description = "When to reload", DefaultValueFactory = _ => "immediate" }
            .AcceptOnlyFromAmong("immediate", "batched", "scheduled", "manual");
        var batchDelay = CommonOptions.Duration("--batch-delay", "Batched: delay after the last change", "1s");
        var maxBatch = new Option<int>("--max-batch") { Description = "Batched: changed files that reload at once", DefaultValueFactory = _ => 10 };
        var interval = CommonOptions.Duration("--interval", "Scheduled: reload interval (and the polling interval with --poll)", "5s");
        var poll = new Option<bool>("--poll") { Description = "Poll content hashes instead of file-system events" };
        var backupDir = new Option<string?>("--backup-dir") { Description = "Write each applied version here (mode 0600, secrets redacted)" };
        var format = CommonOptions.Format("text", "jsonl");
        var notify = new Option<string[]>("--notify") { Description = "Extra notification channels: console (stderr), log (stderr), file", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true };
        var notifyFile = new Option<string?>("--notify-file") { Description = "JSON Lines file for the file channel (mode 0600, rotated by size)" };
        var only = new Option<string[]>("--only") { Description = "Only these events, e.g. config_reloaded,config_failed", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true };
        var keys = new Option<string[]>("--keys") { Description = "Only changes under these key prefixes, e.g. redis,learning (failures always pass)", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true };
        var instance = new Option<string?>("--instance") { Description = "With --etcd: the id this process reports at PREFIX/instances/ID (default HOST-PID)" };
        var healthCmd = new Option<string?>("--health-cmd") { Description = "After each applied version run CMD through /bin/sh -c (config as JSON on stdin); a failure or 10 s without an answer rolls back" };
        var command = new Command("watch", "Keep the configuration live and print each reload (from a directory, or from etcd with --etcd)") { dir, env, agent, set, strategy, batchDelay, maxBatch, interval, poll, backupDir, format, notify, notifyFile, only, keys, instance, healthCmd };
        var etcd = new EtcdCliOptions(required: false);
        etcd.AddTo(command);
        command.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            if (parse.GetValue(instance) is { } id && !etcd.IsUsed(parse))
            {
                throw new UsageException("--instance needs --etcd: only a watch of an etcd prefix registers as an instance");
            }

            etcd.InstanceId = parse.GetValue(instance);
            var (manager, fleet) = await etcd.ResolveAsync(parse, context, parse.GetValue(dir)!, parse.GetValue(env), parse.GetValue(agent), parse.GetValue(set), cancellationToken).ConfigureAwait(false);

            try
            {
                var options = new ReloadOptions
                {
                    Strategy = Enum.Parse<ReloadStrategy>(parse.GetValue(strategy)!, ignoreCase: true),
                    BatchDelay = parse.GetValue(batchDelay),
                    MaxBatchSize = parse.GetValue(maxBatch),
                    ScheduleInterval = parse.GetValue(interval),
                    UsePolling = parse.GetValue(poll),
                    PollingInterval = parse.GetValue(poll) && parse.GetResult(interval) is not null ? parse.GetValue(interval) : TimeSpan.FromSeconds(1),
                    BackupDirectory = parse.GetValue(backupDir),
                    ReloadOnSigHup = true,
                };
                if (options.MaxBatchSize < 1)
                {
                    throw new UsageException("--max-batch must be at least 1");
                }

                if (!NotificationCommandLine.TryCreateOptions(parse.GetValue(notify), parse.GetValue(notifyFile), parse.GetValue(only), parse.GetValue(keys), out var notifications, out var error))
                {
                    throw new UsageException(error);
                }

                notifications.ConsoleWriter = context.Error;
                notifications.ConsoleColor = context.Color;
                notifications.Redactor = manager.Options.Redactor;
                if (parse.GetValue(healthCmd) is { Length: > 0 } check)
                {
                    options.HealthCheck = HealthCommand.Create(context, check, manager.Options.Redactor, snapshot => fleet?.ReleaseOf(snapshot));
                }

                return await RunAsync(context, manager, options, notifications, fleet, parse.GetValue(format) == "jsonl", cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (fleet is not null)
                {
                    await fleet.DisposeAsync().ConfigureAwait(false);
                }
            }
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EnvironmentConfigManager manager, ReloadOptions options, NotificationOptions notificationOptions, EtcdConfiguration? fleet, bool jsonl, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });

        // The log channel goes to stderr, so stdout stays the watch contract.
        using var loggerFactory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Debug)
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddFilter((category, _) => category?.StartsWith("Strata.Notifications.Channels", StringComparison.Ordinal) == true);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        ConfigurationNotificationManager notifications;
        try
        {
            notifications = new ConfigurationNotificationManager(notificationOptions, loggerFactory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--notify-file '{notificationOptions.FilePath}': {ex.Message}");
        }

        await using var ownedNotifications = notifications.ConfigureAwait(false);
        var reloader = fleet?.CreateReloader(options, notifications: notifications) ?? new ConfigurationHotReloader(manager, options, notifications: notifications);
        await using (reloader.ConfigureAwait(false))
        {
            var printer = new EventPrinter(context, manager, jsonl);
            // --only and --keys filter what watch prints, except the first line, which is always config_loaded.
            var filter = notificationOptions.Filter;
            using var subscription = reloader.AddNotificationCallback(n =>
            {
                if (n.EventType == ReloadEvent.ConfigLoaded || filter is null || filter.Matches(n))
                {
                    printer.Print(n);
                }
            });
            await reloader.StartAsync(stop.Token).ConfigureAwait(false);
            await reloader.FlushNotificationsAsync(stop.Token).ConfigureAwait(false);
            if (!jsonl)
            {
                var registered = fleet is null ? string.Empty : $", instance {fleet.InstanceId}";
                printer.Info($"watching {manager.ConfigDirectory} ({reloader.GetStatistics().WatcherMode}, {options.Strategy.ToString().ToLowerInvariant()} strategy{registered}); Ctrl-C to stop");
            }

            try
            {
                if (options.Strategy == ReloadStrategy.Manual)
                {
                    await ManualLoopAsync(context, reloader, printer, stop.Token).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }

            await reloader.StopAsync().ConfigureAwait(false);
            await reloader.FlushNotificationsAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task ManualLoopAsync(CliContext context, ConfigurationHotReloader reloader, EventPrinter printer, CancellationToken cancellationToken)
    {
        printer.Info("commands: reload | pending | history | rollback [VERSION] | quit");
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = await context.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return;
            }

            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0)
            {
                continue;
            }

            switch (words[0].ToLowerInvariant())
            {
                case "reload":
                    var outcome = await reloader.ReloadNowAsync(cancellationToken).ConfigureAwait(false);
                    if (outcome.Status == ReloadStatus.Unchanged)
                    {
                        printer.Info($"no change: version {outcome.Current.Version} stays");
                    }

                    break;
                case "pending":
                    var pending = reloader.GetPendingChanges();
                    printer.Info(pending.Count == 0 ? "no pending changes" : "pending: " + string.Join(", ", pending));
                    break;
                case "history":
                    foreach (var s in reloader.History)
                    {
                        printer.Info(string.Create(CultureInfo.InvariantCulture, $"v{s.Version}  {s.Timestamp:yyyy-MM-dd HH:mm:ss.fff}Z  {s.ContentHash[..12]}  {s.Count} keys") + (s.Version == reloader.Current.Version ? "  (current)" : string.Empty));
                    }

                    break;
                case "rollback":
                    long? version = null;
                    if (words.Length > 1)
                    {
                        if (!long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                        {
                            printer.Error($"rollback: '{words[1]}' is not a version number");
                            break;
                        }

                        version = v;
                    }

                    var result = version is { } target
                        ? await reloader.RollbackToAsync(target, cancellationToken).ConfigureAwait(false)
                        : await reloader.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    if (result.Status == ReloadStatus.Failed)
                    {
                        printer.Error("rollback: " + result.Errors[0].Message);
                    }

                    break;
                case "quit" or "exit":
                    return;
                default:
                    printer.Error($"unknown command '{words[0]}'; use reload, pending, history, rollback [VERSION] or quit");
                    break;
            }

            await reloader.FlushNotificationsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Prints notifications as text lines or as the JSON Lines of the `watch --format jsonl` contract.</summary>
    private sealed class EventPrinter(CliContext context, EnvironmentConfigManager manager, bool jsonl)
    {
        private readonly Lock _gate = new();

        public void Print(ReloadNotification n)
        {
            lock (_gate)
            {
                if (jsonl)
                {
                    context.Out.WriteLine(ReloadNotificationJson.ToJsonLine(n, manager.Options.Redactor));
                }
                else
                {
                    WriteText(n);
                }

                context.Out.Flush();
            }
        }

        public void Info(string message)
        {
            lock (_gate)
            {
                if (jsonl)
                {
                    context.Error.WriteLine(message);
                }
                else
                {
                    context.Out.WriteLine(context.Color ? Ansi.Paint(message, Ansi.Grey) : message);
                    context.Out.Flush();
                }
            }
        }

        public void Error(string message)
        {
            lock (_gate)
            {
                context.Error.WriteLine(context.Color ? Ansi.Paint(message, Ansi.Red) : message);
            }
        }

        private void WriteText(ReloadNotification n)
        {
            var time = n.Timestamp.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var name = ReloadNotification.EventName(n.EventType);
            var color = n.EventType switch
            {
                ReloadEvent.ConfigFailed => Ansi.Red,
                ReloadEvent.ConfigRolledBack => Ansi.Yellow,
                ReloadEvent.FileChanged => Ansi.Grey,
                _ => Ansi.Green,
            };
            var head = string.Create(CultureInfo.InvariantCulture, $"{time} {name} v{n.Version}: {n.Message}");
            context.Out.WriteLine(context.Color ? Ansi.Paint(head, color) : head);
            foreach (var c in n.Changes)
            {
                ValueText.WriteChange(context, c, manager.Options.Redactor, "    ");
            }

            foreach (var e in n.Errors)
            {
                var line = "    " + e;
                context.Out.WriteLine(context.Color ? Ansi.Paint(line, Ansi.Red) : line);
            }
        }
    }
}
