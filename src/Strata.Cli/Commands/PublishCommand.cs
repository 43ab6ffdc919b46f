using System.CommandLine;
using System.Globalization;
using Strata.Cli.Output;
using Strata.Etcd.Publishing;
using Strata.Etcd.Rollouts;
using Strata.Hierarchy;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata publish [DIR] --etcd URL --prefix P [--message M] [--author A] [--dry-run] [--canary N|N%]
/// [--waves 10%,50%,100%] [--bake 60s] [--max-unhealthy N] [--wait]</c>: validates the config directory for every
/// environment and agent, then publishes it to etcd as one release in one guarded transaction — to everyone at once,
/// or staged in waves. <c>--wait</c> drives the rollout to its end: exit 0 when it completed, 4 when it aborted.
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
        var canary = new Option<string?>("--canary") { Description = "A first wave of N instances (1) or N% of them" };
        var waves = new Option<string?>("--waves") { Description = "Cumulative waves after the canary, such as 10%,50%,100%" };
        var bake = CommonOptions.Duration("--bake", "How long each wave runs cleanly before the next opens", "0s", allowZero: true);
        var maxUnhealthy = new Option<int>("--max-unhealthy") { Description = "Rejected or unhealthy instances tolerated before the rollout aborts (default 0)" };
        var wait = new Option<bool>("--wait") { Description = "Drive the rollout until it completes (exit 0) or aborts (exit 4)" };
        var command = new Command("publish", "Validate a config directory and publish it to etcd as one release") { dir, message, author, dryRun, canary, waves, bake, maxUnhealthy, wait };
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
            var staging = Staging(parse, canary, waves, bake, maxUnhealthy, wait);
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

            var result = staging is null
                ? await publisher.CommitAsync(plan, cancellationToken).ConfigureAwait(false)
                : await publisher.StartRolloutAsync(plan, staging, cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine(result.Rollout is { IsFinalWaveOpen: false }
                ? string.Create(CultureInfo.InvariantCulture, $"published release {result.Release.Number} to {publisher.Prefix} (revision {result.Release.Revision}) in waves: the files under the prefix change when the last wave opens")
                : string.Create(CultureInfo.InvariantCulture, $"published release {result.Release.Number} to {publisher.Prefix} (revision {result.Release.Revision}): {result.Written.Count} written, {result.Deleted.Count} deleted"));
            WriteFiles(context, result.Written, result.Deleted);
            if (staging is null || result.Rollout is not { } rollout)
            {
                return ExitCodes.Ok;
            }

            RolloutText.Write(context.Out, rollout);
            if (!parse.GetValue(wait))
            {
                context.Out.WriteLine("the rollout waits for a driver: 'strata rollout resume' (or publish --wait) advances it");
                return ExitCodes.Ok;
            }

            using var driver = new EtcdRolloutDriver(etcd.Build(parse, context)) { Name = who + "@" + Environment.MachineName };
            return await RolloutCommand.DriveAsync(context, driver, json: false, rollout, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>The staging asked for; null for a plain publish (everyone at once, nobody waiting).</summary>
    private static EtcdRolloutOptions? Staging(ParseResult parse, Option<string?> canary, Option<string?> waves, Option<TimeSpan> bake, Option<int> maxUnhealthy, Option<bool> wait)
    {
        var options = new EtcdRolloutOptions { Canary = parse.GetValue(canary), Bake = parse.GetValue(bake), MaxUnhealthy = parse.GetValue(maxUnhealthy) };
        foreach (var wave in (parse.GetValue(waves) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            options.Waves.Add(wave);
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (options.IsStaged || parse.GetValue(wait))
        {
            return options;
        }

        if (options.Bake > TimeSpan.Zero || options.MaxUnhealthy > 0)
        {
            throw new UsageException("--bake and --max-unhealthy gate a rollout: give --canary, --waves or --wait with them");
        }

        return null;
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
