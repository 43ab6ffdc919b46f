using System.CommandLine;
using System.Globalization;
using Strata.Etcd.Publishing;
using Strata.Hierarchy;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata rollback --etcd URL --prefix P --to RELEASE [--message M] [--author A]</c>: republishes an earlier
/// release's content, validated and in one guarded transaction, as a new release. A release that does not exist
/// exits 3.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create(CliContext context)
    {
        var etcd = new EtcdCliOptions(required: true);
        var to = new Option<long>("--to") { Description = "The release to go back to (see strata history)", Required = true };
        var message = new Option<string?>("--message", "-m") { Description = "Why (default: rollback to release N)" };
        var author = new Option<string?>("--author") { Description = "Who rolls back (default: $USER)" };
        var command = new Command("rollback", "Republish an earlier etcd release as a new release") { to, message, author };
        etcd.AddTo(command);
        command.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            var release = parse.GetValue(to);
            if (release < 1)
            {
                throw new UsageException("--to must be a release number (1 or more)");
            }

            using var publisher = new EtcdPublisher(etcd.Build(parse, context))
            {
                ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = context.Variables },
            };
            var who = parse.GetValue(author) ?? PublishCommand.AuthorFrom(context);
            var result = await publisher.RollbackAsync(release, who, parse.GetValue(message), cancellationToken).ConfigureAwait(false);
            if (!result.Published)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nothing to roll back: {publisher.Prefix} already holds the content of release {release} (current release {result.Release.Number})"));
                return ExitCodes.Ok;
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rolled back {publisher.Prefix} to the content of release {release} as release {result.Release.Number} (revision {result.Release.Revision}): {result.Written.Count} written, {result.Deleted.Count} deleted"));
            PublishCommand.WriteFiles(context, result.Written, result.Deleted);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
