using System.CommandLine;
using Strata.Cli.Output;
using Strata.Model;
using Strata.Serialization;

namespace Strata.Cli.Commands;

/// <summary><c>strata get KEY [DIR] [--env E] [--agent A] [--set k=v]...</c>: one value; exit 3 when absent.</summary>
internal static class GetCommand
{
    public static Command Create(CliContext context)
    {
        var key = new Argument<string>("KEY") { Description = "A path such as redis.port or phases[0].steps; a key holding . [ ] ` * = goes in backticks: x.`y.z`" };
        var dir = CommonOptions.Directory();
        var env = CommonOptions.Env();
        var agent = CommonOptions.Agent();
        var set = CommonOptions.Set();
        var format = CommonOptions.Format("text", "json");
        var secrets = CommonOptions.ShowSecrets();
        var command = new Command("get", "Print one value") { key, dir, env, agent, set, format, secrets };
        command.SetAction(parse =>
        {
            var keyText = parse.GetValue(key)!;
            if (!ConfigPath.TryParse(keyText, out var path, out var error))
            {
                throw new UsageException(error);
            }

            var manager = CommonOptions.Manager(context, parse.GetValue(dir)!, parse.GetValue(env), parse.GetValue(agent), parse.GetValue(set));
            var snapshot = manager.Load();
            if (!snapshot.TryGetNode(path.Text, out var node))
            {
                context.Error.WriteLine($"strata: key '{path.Text}' not found");
                return ExitCodes.NotFound;
            }

            var redactor = parse.GetValue(secrets) ? null : manager.Options.Redactor;
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(ConfigJsonWriter.ToJson(node, redactor, indented: node is not ConfigScalar, path: path));
            }
            else if (node is ConfigMap)
            {
                context.Out.Write(ConfigYamlWriter.ToYaml(redactor is null ? node : redactor.Redact(node, path)));
            }
            else
            {
                context.Out.WriteLine(ValueText.Format(path, node, redactor));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
