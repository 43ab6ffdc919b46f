using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Output;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Cli.Commands;

/// <summary><c>strata diff [DIR] --env A --to-env B [--agent X]</c>: keys added, removed and changed.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var dir = CommonOptions.Directory();
        var env = new Option<string>("--env", "-e") { Description = "The environment to compare from", Required = true };
        var toEnv = new Option<string>("--to-env") { Description = "The environment to compare to", Required = true };
        var agent = CommonOptions.Agent();
        var format = CommonOptions.Format("text", "json");
        var secrets = CommonOptions.ShowSecrets();
        var command = new Command("diff", "Compare the effective configurations of two environments") { dir, env, toEnv, agent, format, secrets };
        command.SetAction(parse =>
        {
            var manager = CommonOptions.Manager(context, parse.GetValue(dir)!, parse.GetValue(env), parse.GetValue(agent));
            var before = manager.Load();
            var after = manager.With(parse.GetValue(toEnv), parse.GetValue(agent)).Load();
            var changes = ConfigDiff.Compute(before.Root, after.Root);
            var redactor = parse.GetValue(secrets) ? null : manager.Options.Redactor;
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(ChangeJson.ToJson(changes, redactor));
                return ExitCodes.Ok;
            }

            foreach (var c in changes)
            {
                ValueText.WriteChange(context, c, redactor);
            }

            if (changes.Count == 0)
            {
                context.Out.WriteLine("no differences");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
