using System.CommandLine;
using System.CommandLine.Help;
using Strata.Cli.Commands;
using Strata.Cli.Output;
using Strata.Model;

namespace Strata.Cli;

/// <summary>
/// The <c>strata</c> command: <c>strata &lt;verb&gt; [DIR]</c>, DIR defaulting to <c>./config</c>.
/// Exit codes: 0 ok, 1 configuration invalid, 2 usage, 3 key not found.
/// </summary>
internal static class StrataCli
{
    /// <summary>The command's name, as installed by the dotnet tool and shown in help.</summary>
    internal const string CommandName = "strata";

    /// <summary>Builds the command tree, rooted at a command named <c>strata</c>.</summary>
    /// <param name="context">The streams and environment.</param>
    public static Command Build(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A RootCommand takes its name from the host executable (Strata.Cli, dotnet, testhost), so the
        // root is a plain command named strata carrying the help and version options RootCommand adds.
        var root = new Command(CommandName, "strata: hierarchical configuration with hot reload")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(ShowCommand.Create(context));
        root.Subcommands.Add(GetCommand.Create(context));
        root.Subcommands.Add(DiscoveryCommands.Environments(context));
        root.Subcommands.Add(DiscoveryCommands.Agents(context));
        root.Subcommands.Add(DiffCommand.Create(context));
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(SchemaCommand.Create(context));
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(MigrationsCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context));
        root.Subcommands.Add(PublishCommand.Create(context));
        root.Subcommands.Add(HistoryCommand.Create(context));
        root.Subcommands.Add(RollbackCommand.Create(context));
        root.Subcommands.Add(FleetCommand.Create(context));
        root.Subcommands.Add(RolloutCommand.Create(context));
        root.Subcommands.Add(DashboardCommand.Create(context));
        root.Subcommands.Add(NewCommand.Create(context));
        return root;
    }

    /// <summary>Parses and runs a command line; never throws for user errors.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">The streams and environment.</param>
    /// <param name="cancellationToken">Stops long-running verbs such as watch.</param>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync("strata: " + error.Message).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync("Run 'strata --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationLoadException ex)
        {
            ErrorWriter.Write(context, ex.Errors);
            return ExitCodes.Invalid;
        }
        catch (UsageException ex)
        {
            await context.Error.WriteLineAsync("strata: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault Strata did not anticipate still reads as one line; STRATA_DEBUG=1 adds the message and stack trace,
            // which can quote values.
            await context.Error.WriteLineAsync($"strata: unexpected error: {ex.GetType().Name} (run with STRATA_DEBUG=1 for details)").ConfigureAwait(false);
            if (context.Variables.TryGetValue("STRATA_DEBUG", out var debug) && debug == "1")
            {
                await context.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.Invalid;
        }
    }
}
