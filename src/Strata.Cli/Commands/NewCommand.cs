using System.CommandLine;
using Strata.Hierarchy;
using Strata.Model;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata new environment NAME [DIR]</c> and <c>strata new agent NAME [DIR]</c>: create
/// <c>environments/NAME.yaml</c> or <c>agents/NAME.yaml</c> under the config directory from
/// <see cref="LayerTemplate"/>. An existing layer file is never replaced.
/// </summary>
internal static class NewCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("new", "Create a layer file with a commented header");
        command.Subcommands.Add(Layer(context, agent: false));
        command.Subcommands.Add(Layer(context, agent: true));
        return command;
    }

    private static Command Layer(CliContext context, bool agent)
    {
        var kind = agent ? "agent" : "environment";
        var name = new Argument<string>("NAME") { Description = $"The {kind} name: letters, digits, '_', '-' or '.'" };
        var dir = CommonOptions.Directory();
        var command = new Command(kind, $"Create {LayerTemplate.Folder(agent)}/NAME.yaml under DIR (refuses to overwrite)") { name, dir };
        command.SetAction(parse =>
        {
            var layerName = parse.GetValue(name)!;
            var directory = parse.GetValue(dir)!;
            try
            {
                EnvironmentConfigManager.ValidateName(kind, layerName);
            }
            catch (ConfigurationLoadException ex)
            {
                throw new UsageException(ex.Errors[0].Message);
            }

            if (!Directory.Exists(directory))
            {
                throw new UsageException($"config directory '{directory}' does not exist");
            }

            var relative = LayerTemplate.Folder(agent) + "/" + layerName + ".yaml";
            var folder = Path.Combine(directory, LayerTemplate.Folder(agent));
            if (LayerTemplate.Existing(folder, layerName).FirstOrDefault() is { } existing)
            {
                throw new UsageException($"'{Display(directory, existing)}' already exists; not overwritten");
            }

            var path = Path.Combine(folder, layerName + ".yaml");
            try
            {
                Directory.CreateDirectory(folder);
                if (!LayerTemplate.TryWriteNew(path, LayerTemplate.Create(agent, layerName, directory)))
                {
                    throw new UsageException($"'{Display(directory, path)}' already exists; not overwritten");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationLoadException(ConfigurationError.ForFile(relative, $"cannot create the {kind} layer: {ex.Message}"));
            }

            context.Out.WriteLine($"created {Display(directory, path)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A path as the user would type it: under the directory they gave, with forward slashes.</summary>
    private static string Display(string directory, string path) =>
        Path.Join(directory, Path.GetRelativePath(directory, path)).Replace('\\', '/');
}
