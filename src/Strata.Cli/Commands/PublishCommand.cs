using System.CommandLine;
using System.Globalization;
using Strata.Etcd.Publishing;
using Strata.Hierarchy;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata publish [DIR] --etcd URL --prefix P [--message M] [--author A] [--dry-run]</c>: validates the config
/// directory for every environment and agent, then publishes it to etcd as one release in one guarded transaction.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CliContext context)
    {
        var dir = CommonOptions.Directory();
        var etcd = new EtcdCliOptions(required: true);
        var message = new Option<string?>("--message", "-m") { Description = "Why this release (kept in the history)" };
        var author = new Option<string?>("--author") { Description = "Who publishes (default: $USER)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and show what would change; write nothing" };
        var command = new Command("publish", "Validate a config directory and publish it to etcd as one release") { dir, message, author, dryRun };
        etcd.AddTo(command);
        command.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            var directory = parse.GetValue(dir)!;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"config directory '{directory}' does not exist");
            }

            using var publisher = new EtcdPublisher(etcd.Build(parse, context))
            {
                ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = context.Variables },
            };
            var who = parse.GetValue(author) ?? AuthorFrom(context);
            var plan = await publisher.PrepareAsync(directory, who, parse.GetValue(message), cancellationToken).ConfigureAwait(false);
            if (plan.IsEmpty)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nothing to publish: {publisher.Prefix} already holds this content as release {plan.PreviousRelease!.Number}"));
                return ExitCodes.Ok;
            }

            if (parse.GetValue(dryRun))
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"would publish release {plan.Release.Number} to {publisher.Prefix}: {plan.Written.Count} written, {plan.Deleted.Count} deleted"));
                WriteFiles(context, plan.Written, plan.Deleted);
                return ExitCodes.Ok;
            }

            var result = await publisher.CommitAsync(plan, cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published release {result.Release.Number} to {publisher.Prefix} (revision {result.Release.Revision}): {result.Written.Count} written, {result.Deleted.Count} deleted"));
            WriteFiles(context, result.Written, result.Deleted);
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static string AuthorFrom(CliContext context) =>
        context.Variables.GetValueOrDefault("USER") is { Length: > 0 } user ? user
        : context.Variables.GetValueOrDefault("USERNAME") is { Length: > 0 } name ? name
        : Environment.UserName;

    internal static void WriteFiles(CliContext context, IReadOnlyList<string> written, IReadOnlyList<string> deleted)
    {
        if (written.Count > 0)
        {
            context.Out.WriteLine("  written: " + string.Join(", ", written));
        }

        if (deleted.Count > 0)
        {
            context.Out.WriteLine("  deleted: " + string.Join(", ", deleted));
        }
    }
}
