using System.CommandLine;
using System.Text.Json;

namespace Strata.Cli.Commands;

/// <summary><c>strata envs [DIR]</c> and <c>strata agents [DIR]</c>: what the config directory offers.</summary>
internal static class DiscoveryCommands
{
    public static Command Environments(CliContext context) =>
        Create(context, "envs", "List the environments (files in environments/)", m => m.GetAvailableEnvironments());

    public static Command Agents(CliContext context) =>
        Create(context, "agents", "List the agent types (files in agents/)", m => m.GetAvailableAgents());

    private static Command Create(CliContext context, string name, string description, Func<Hierarchy.EnvironmentConfigManager, IReadOnlyList<string>> list)
    {
        var dir = CommonOptions.Directory();
        var format = CommonOptions.Format("text", "json");
        var command = new Command(name, description) { dir, format };
        command.SetAction(parse =>
        {
            var manager = CommonOptions.Manager(context, parse.GetValue(dir)!, null, null);
            var names = list(manager);
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(names, CliJson.Default.IReadOnlyListString));
            }
            else
            {
                foreach (var n in names)
                {
                    context.Out.WriteLine(n);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
