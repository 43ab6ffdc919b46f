using System.CommandLine;
using Strata.Validation;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata schema export [DIR] [--output FILE] [--overlay] [--strict]</c>: writes a JSON Schema (draft 2020-12) for
/// editors, made from the config directory's rule schema (a JSON Schema file is written as it is).
/// </summary>
internal static class SchemaCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schema", "Work with the config directory's schema");
        command.Subcommands.Add(Export(context));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var dir = CommonOptions.Directory();
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var overlay = new Option<bool>("--overlay") { Description = "For environment and agent files: no key is required, since they override base.yaml" };
        var strict = new Option<bool>("--strict") { Description = "Reject keys the schema does not declare (additionalProperties: false)" };
        var command = new Command("export", "Write a JSON Schema (draft 2020-12) for editors such as VS Code's YAML extension") { dir, output, overlay, strict };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(dir)!;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"config directory '{directory}' does not exist");
            }

            var validator = DirectorySchema.Load(directory)
                ?? throw new UsageException($"'{directory}' has no schema file ({string.Join(", ", DirectorySchema.FileNames)})");
            var options = new JsonSchemaExportOptions { Overlay = parse.GetValue(overlay), Strict = parse.GetValue(strict) };
            var json = JsonSchemaExporter.Export(validator, options);
            if (parse.GetValue(output) is { } file)
            {
                var full = Path.GetFullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, json + Environment.NewLine);
                context.Out.WriteLine($"wrote {file}");
            }
            else
            {
                context.Out.WriteLine(json);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
