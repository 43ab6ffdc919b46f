using System.CommandLine;
using Strata.Cli.Output;
using Strata.Etcd.Rollouts;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata rollout status|pause|resume|abort --etcd URL --prefix P [--format text|json]</c>: reads and steers the
/// staged rollout under a prefix. <c>resume</c> lets a paused rollout go on and drives it (as <c>publish --wait</c>
/// does) until it completes (exit 0) or aborts (exit 4). Every verb exits 3 when there is no rollout to act on.
/// </summary>
internal static class RolloutCommand
{
    public static Command Create(CliContext context)
    {
        var rollout = new Command("rollout", "Read and steer the staged rollout of a fleet on etcd");
        rollout.Subcommands.Add(Verb(context, "status", "Show the rollout: release, waves, state, why it stopped", drive: false,
            async (driver, _, token) => await driver.GetAsync(token).ConfigureAwait(false) ?? throw new EtcdRolloutNotFoundException($"there is no rollout under {driver.Prefix}")));
        rollout.Subcommands.Add(Verb(context, "pause", "Hold the rollout at its current wave (open waves keep the release)", drive: false,
            (driver, reason, token) => driver.PauseAsync(reason, token)));
        rollout.Subcommands.Add(Verb(context, "abort", "Stop the rollout and return every instance to the previous release", drive: false,
            (driver, reason, token) => driver.AbortAsync(reason, token)));
        rollout.Subcommands.Add(Verb(context, "resume", "Let the rollout go on and drive it until it completes (0) or aborts (4)", drive: true,
            (driver, _, token) => driver.ResumeAsync(token)));
        return rollout;
    }

    /// <summary>Drives a rollout, printing each new state; exit 0 when it completed, 4 when it aborted.</summary>
    /// <param name="context">Where to print.</param>
    /// <param name="driver">The driver.</param>
    /// <param name="json">Print the final record as JSON instead of lines of text.</param>
    /// <param name="shown">The state already printed, which is not printed again.</param>
    /// <param name="cancellationToken">Stops driving; the rollout holds where it is.</param>
    public static async Task<int> DriveAsync(CliContext context, EtcdRolloutDriver driver, bool json, EtcdRollout? shown, CancellationToken cancellationToken)
    {
        var progress = new Progress(context, json) { Last = shown is null ? null : RolloutText.Summary(shown) };
        var final = await driver.DriveAsync(progress, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            context.Out.WriteLine(final.ToJson(indented: true));
        }
        else if (final.State == EtcdRolloutState.Aborted)
        {
            RolloutText.Write(context.Out, final, withSummary: progress.Last != RolloutText.Summary(final));
        }

        return final.State == EtcdRolloutState.Completed ? ExitCodes.Ok : ExitCodes.RolloutAborted;
    }

    /// <summary>One verb: acts on the rollout (a missing or ended one is <see cref="EtcdRolloutNotFoundException"/>, exit 3), then prints it or drives it.</summary>
    private static Command Verb(CliContext context, string name, string description, bool drive, Func<EtcdRolloutDriver, string?, CancellationToken, Task<EtcdRollout>> act)
    {
        var etcd = new EtcdCliOptions(required: true);
        var format = CommonOptions.Format("text", "json");
        var reason = new Option<string?>("--reason") { Description = "Why (kept in the rollout record)" };
        var command = new Command(name, description) { format };
        if (name is "pause" or "abort")
        {
            command.Options.Add(reason);
        }

        etcd.AddTo(command);
        command.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            using var driver = new EtcdRolloutDriver(etcd.Build(parse, context)) { Name = PublishCommand.AuthorFrom(context) + "@" + Environment.MachineName };
            var json = parse.GetValue(format) == "json";
            var result = await act(driver, parse.GetValue(reason), cancellationToken).ConfigureAwait(false);
            if (drive)
            {
                return await DriveAsync(context, driver, json, null, cancellationToken).ConfigureAwait(false);
            }

            if (json)
            {
                context.Out.WriteLine(result.ToJson(indented: true));
            }
            else
            {
                RolloutText.Write(context.Out, result);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Prints one line per new state of the record (text only; JSON prints the final record).</summary>
    private sealed class Progress(CliContext context, bool json) : IProgress<EtcdRollout>
    {
        public string? Last { get; set; }

        public void Report(EtcdRollout value)
        {
            var line = RolloutText.Summary(value);
            if (!json && line != Last)
            {
                Last = line;
                context.Out.WriteLine("rollout: " + line);
            }
        }
    }
}
