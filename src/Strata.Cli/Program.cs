using Strata.Cli;

return await StrataCli.RunAsync(args, CliContext.FromConsole()).ConfigureAwait(false);
