using System.CommandLine;
using System.Text;
using System.Text.Json;
using Strata.Cli.Output;
using Strata.Hierarchy;
using Strata.Model;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata validate [DIR] [--env E | --all-envs] [--agent A | --all-agents] [--strict] [--format text|json]</c>:
/// loads each requested environment x agent combination through the whole pipeline (parse, merge, interpolate,
/// the directory's schema) and reports every problem. Exit 0 when all are valid (warnings allowed), 1 otherwise.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var dir = CommonOptions.Directory();
        var env = CommonOptions.Env();
        var allEnvs = new Option<bool>("--all-envs") { Description = "Validate every environment in environments/" };
        var agent = CommonOptions.Agent();
        var allAgents = new Option<bool>("--all-agents") { Description = "Validate every agent type in agents/" };
        var strict = new Option<bool>("--strict") { Description = "Treat keys the schema does not declare as errors" };
        var format = CommonOptions.Format("text", "json");
        var command = new Command("validate", "Validate the configuration of one or more environment x agent combinations")
        {
            dir, env, allEnvs, agent, allAgents, strict, format,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(env) is not null && parse.GetValue(allEnvs))
            {
                throw new UsageException("use --env or --all-envs, not both");
            }

            if (parse.GetValue(agent) is not null && parse.GetValue(allAgents))
            {
                throw new UsageException("use --agent or --all-agents, not both");
            }

            var manager = CommonOptions.Manager(context, parse.GetValue(dir)!, parse.GetValue(env), null);
            manager.Options.StrictValidation = parse.GetValue(strict);
            var environments = parse.GetValue(allEnvs) ? manager.GetAvailableEnvironments() : [];
            if (environments.Count == 0)
            {
                environments = [manager.Environment];
            }

            IReadOnlyList<string?> agents = parse.GetValue(allAgents) ? [.. manager.GetAvailableAgents()] : [parse.GetValue(agent)];
            if (agents.Count == 0)
            {
                agents = [null];
            }

            var runs = new List<Run>();
            foreach (var e in environments)
            {
                foreach (var a in agents)
                {
                    runs.Add(Validate(manager, e, a));
                }
            }

            if (parse.GetValue(format) == "json")
            {
                WriteJson(context, runs);
            }
            else
            {
                WriteText(context, runs);
            }

            return runs.Any(r => r.Errors.Count > 0) ? ExitCodes.Invalid : ExitCodes.Ok;
        });
        return command;
    }

    private static Run Validate(EnvironmentConfigManager manager, string environment, string? agent)
    {
        try
        {
            var result = manager.With(environment, agent).TryLoad();
            return new Run(environment, agent, result.Errors, result.Warnings);
        }
        catch (ConfigurationLoadException ex)
        {
            return new Run(environment, agent, ex.Errors, []);
        }
    }

    private static void WriteText(CliContext context, List<Run> runs)
    {
        var problems = runs.SelectMany(r => r.Errors.Concat(r.Warnings).Select(p => (Run: r, Problem: p))).ToList();
        foreach (var group in problems.GroupBy(p => p.Problem.ToString(), StringComparer.Ordinal))
        {
            var where = group.Select(g => g.Run.Label).Distinct(StringComparer.Ordinal).ToList();
            var line = group.Key + (runs.Count > 1 && where.Count < runs.Count ? "  [" + string.Join(", ", where) + "]" : string.Empty);
            var severity = group.First().Problem.Severity;
            context.Error.WriteLine(context.Color ? Ansi.Paint(line, severity == ErrorSeverity.Warning ? Ansi.Yellow : Ansi.Red) : line);
        }

        foreach (var run in runs)
        {
            var line = run.Errors.Count > 0
                ? $"invalid  {run.Label}: {Count(run.Errors.Count, "error")}{(run.Warnings.Count > 0 ? ", " + Count(run.Warnings.Count, "warning") : string.Empty)}"
                : $"valid    {run.Label}{(run.Warnings.Count > 0 ? " (" + Count(run.Warnings.Count, "warning") + ")" : string.Empty)}";
            context.Out.WriteLine(context.Color ? Ansi.Paint(line, run.Errors.Count > 0 ? Ansi.Red : Ansi.Green) : line);
        }

        var valid = runs.Count(r => r.Errors.Count == 0);
        context.Out.WriteLine($"{valid} of {runs.Count} configuration{(runs.Count == 1 ? string.Empty : "s")} valid");
    }

    private static void WriteJson(CliContext context, List<Run> runs)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var run in runs)
            {
                foreach (var problem in run.Errors.Concat(run.Warnings))
                {
                    writer.WriteStartObject();
                    writer.WriteString("env", run.Environment);
                    if (run.Agent is null)
                    {
                        writer.WriteNull("agent");
                    }
                    else
                    {
                        writer.WriteString("agent", run.Agent);
                    }

                    writer.WriteString("file", problem.File);
                    writer.WriteNumber("line", problem.Line);
                    writer.WriteNumber("column", problem.Column);
                    writer.WriteString("path", problem.Path);
                    writer.WriteString("message", problem.Message);
                    writer.WriteString("severity", problem.Severity == ErrorSeverity.Warning ? "warning" : "error");
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        context.Out.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private sealed record Run(string Environment, string? Agent, IReadOnlyList<ConfigurationError> Errors, IReadOnlyList<ConfigurationError> Warnings)
    {
        public string Label => Agent is null ? Environment : $"{Environment}/{Agent}";
    }
}
