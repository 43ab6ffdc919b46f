using System.CommandLine;
using Spectre.Console;
using Strata.Cli.Output;
using Strata.Migration;
using Strata.Model;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata migrate FILE|DIR --to VERSION [--from VERSION] [--output FILE|DIR] [--migrations DIR] [--dry-run|--check]
/// [--no-backup] [--format text|json]</c>: rewrites configuration files at another version, each one atomically and
/// with a <c>.bak</c> of the original, or writes them to an output. Exit 0 when every file is migrated or already there,
/// 1 when any file failed or has no migration path (it is left untouched), 2 for usage. With <c>--check</c>, nothing is
/// written and the exit is 0 only when every file is already at the target.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("FILE|DIR") { Description = "A configuration file, or a config directory (every .yaml, .yml and .json file in it)" };
        var to = new Option<string>("--to") { Description = "The version to migrate to", Required = true };
        var migrations = MigrationsCommand.MigrationsOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change (the operations and a diff of the keys) and write nothing" };
        var noBackup = new Option<bool>("--no-backup") { Description = "Do not keep the original as <file>.bak" };
        var from = new Option<string?>("--from") { Description = "The version of files that carry no version key (a file's own config_version wins)" };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the migrated file(s) here instead of in place, without .bak: a file, or a directory that mirrors the layout; existing files are never overwritten",
        };
        var check = new Option<bool>("--check") { Description = "Say per file whether it would migrate, is up to date or has no path; write nothing; exit 1 unless all are up to date" };
        var format = CommonOptions.Format("text", "json");
        var command = new Command("migrate", "Migrate configuration files to another version") { target, to, from, output, migrations, dryRun, check, noBackup, format };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(target)!;
            var isDirectory = Directory.Exists(path);
            if (!isDirectory && !File.Exists(path))
            {
                throw new UsageException($"'{path}' does not exist");
            }

            var start = isDirectory ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
            var scripts = MigrationsCommand.ResolveScriptsDirectory(parse.GetValue(migrations), start);
            var migrator = MigrationsCommand.Load(scripts);
            var version = parse.GetValue(to)!;
            if (!migrator.IsKnownVersion(version))
            {
                throw new UsageException($"unknown target version '{version}'; the scripts in {scripts} know {string.Join(", ", migrator.GetAvailableVersions())}");
            }

            var stated = parse.GetValue(from);
            if (stated is not null && !migrator.IsKnownVersion(stated))
            {
                throw new UsageException($"unknown --from version '{stated}'; the scripts in {scripts} know {string.Join(", ", migrator.GetAvailableVersions())}");
            }

            var outputPath = parse.GetValue(output);
            if (isDirectory && outputPath is not null)
            {
                CheckDirectoryOutput(path, outputPath);
            }

            var checking = parse.GetValue(check);
            var tool = new MigrationTool(migrator);
            var run = new MigrationRunOptions(parse.GetValue(dryRun) || checking, !parse.GetValue(noBackup)) { FromVersion = stated, Output = outputPath };
            var json = parse.GetValue(format) == "json";
            var result = isDirectory
                ? MigrateDirectory(context, tool, path, version, run, showProgress: !json)
                : new DirectoryMigrationResult(path, version, run.DryRun, [tool.MigrateFile(path, version, run)]);

            if (json)
            {
                context.Out.WriteLine(MigrationReportJson.ToJson(result, scripts, migrator.Redactor));
            }
            else if (checking)
            {
                MigrationCheckText.Write(context, result, scripts, migrator);
            }
            else
            {
                WriteText(context, result, scripts, migrator);
            }

            ErrorWriter.Write(context, result.Files.SelectMany(f => f.Errors));
            if (checking)
            {
                ErrorWriter.Write(context, result.Files.Where(f => f.Status == FileMigrationStatus.WouldMigrate).Select(MigrationCheckText.NeedsMigrating));
                return result.Files.All(f => f.Status == FileMigrationStatus.UpToDate) ? ExitCodes.Ok : ExitCodes.Invalid;
            }

            return result.Succeeded ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    // A directory migrates into a directory outside it (or into itself, which is in place).
    private static void CheckDirectoryOutput(string directory, string output)
    {
        var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        if (File.Exists(target))
        {
            throw new UsageException($"--output '{output}' is a file; a directory migrates into a directory");
        }

        if (target.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new UsageException($"--output '{output}' is inside '{directory}'; choose a directory outside it");
        }
    }

    private static DirectoryMigrationResult MigrateDirectory(CliContext context, MigrationTool tool, string path, string version, MigrationRunOptions run, bool showProgress)
    {
        // A progress bar only on a terminal (never when stderr is redirected or captured).
        if (!showProgress || !ReferenceEquals(context.Error, Console.Error) || Console.IsErrorRedirected)
        {
            return tool.MigrateDirectory(path, version, run);
        }

        var total = tool.FindConfigFiles(path).Count;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        DirectoryMigrationResult? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(run.DryRun ? "checking" : "migrating", maxValue: Math.Max(1, total));
                result = tool.MigrateDirectory(path, version, run, new Reporter(_ => task.Increment(1)));
            });
        return result!;
    }

    private static void WriteText(CliContext context, DirectoryMigrationResult result, string scripts, ConfigurationMigrator migrator)
    {
        var output = context.Out;
        output.WriteLine($"migrations: {scripts} (versions {string.Join(", ", migrator.GetAvailableVersions())})");
        foreach (var file in result.Files)
        {
            var report = file.Report;
            var written = file.OutputPath is { } o ? MigrationsCommand.Display(o) : null;
            var headline = file.Status switch
            {
                FileMigrationStatus.Migrated when written is not null => $"{file.DisplayPath}: migrated {report!.FromVersion} -> {report.ToVersion}, written to {written}",
                FileMigrationStatus.Migrated => $"{file.DisplayPath}: migrated {report!.FromVersion} -> {report.ToVersion}" + (file.BackupPath is null ? " (no backup)" : $" (backup {MigrationsCommand.Display(file.BackupPath)})"),
                FileMigrationStatus.WouldMigrate => $"{file.DisplayPath}: {report!.FromVersion} -> {report.TargetVersion} (dry run: nothing written" + (written is null ? ")" : $"; would write {written})"),
                FileMigrationStatus.UpToDate when written is not null => $"{file.DisplayPath}: up to date at {report!.FromVersion}, " + (result.DryRun ? $"would be copied to {written}" : $"copied to {written}"),
                FileMigrationStatus.UpToDate => $"{file.DisplayPath}: up to date at {report!.FromVersion}",
                FileMigrationStatus.NoPath => $"{file.DisplayPath}: no migration path, left unchanged",
                _ => $"{file.DisplayPath}: failed, left unchanged",
            };
            output.WriteLine(Paint(context, headline, file.Status switch
            {
                FileMigrationStatus.Failed or FileMigrationStatus.NoPath => Ansi.Red,
                FileMigrationStatus.UpToDate => Ansi.Grey,
                _ => Ansi.Green,
            }));
            if (report?.Note is { } note)
            {
                output.WriteLine($"  note: {note}");
            }

            if (report is not null && report.Detection.Method is VersionDetectionMethod.Rule or VersionDetectionMethod.Stated)
            {
                output.WriteLine($"  version {report.Detection.Version} {MigrationCheckText.HowFound(report.Detection)}");
            }

            foreach (var step in report?.Steps ?? [])
            {
                output.WriteLine($"  {step.Migration.Title}  ({step.Migration.Source ?? "code"})");
                foreach (var op in step.Operations)
                {
                    output.WriteLine("    " + Paint(context, op.ToString(), op.Status switch
                    {
                        OperationStatus.Applied => Ansi.Green,
                        OperationStatus.Skipped => Ansi.Yellow,
                        _ => Ansi.Red,
                    }));
                }
            }

            if (file.Status == FileMigrationStatus.WouldMigrate && report is not null)
            {
                output.WriteLine("  changes:");
                foreach (var (from, to) in report.MovedKeys)
                {
                    ConfigTree.TryGet(report.Result, to, out var value);
                    output.WriteLine("    " + Paint(context, $"> {from} -> {to}: {ValueText.Format(to, value, migrator.Redactor)}", Ansi.Cyan));
                }

                foreach (var change in report.OtherChanges)
                {
                    WriteChange(context, change, migrator.Redactor);
                }
            }

            if (file.CommentsDropped > 0)
            {
                output.WriteLine($"  {file.CommentsDropped} comment{(file.CommentsDropped == 1 ? string.Empty : "s")} of the original had no place in the new file (their keys were removed)");
            }
        }

        output.WriteLine(result.Summary);
    }

    private static void WriteChange(CliContext context, ConfigChange change, SecretRedactor redactor)
    {
        var (text, color) = change.Kind switch
        {
            ChangeKind.Added => ($"+ {change.Path}: {ValueText.Format(change.Path, change.NewValue, redactor)}", Ansi.Green),
            ChangeKind.Removed => ($"- {change.Path}: {ValueText.Format(change.Path, change.OldValue, redactor)}", Ansi.Red),
            _ => ($"~ {change.Path}: {ValueText.Format(change.Path, change.OldValue, redactor)} -> {ValueText.Format(change.Path, change.NewValue, redactor)}", Ansi.Yellow),
        };
        context.Out.WriteLine("    " + Paint(context, text, color));
    }

    private static string Paint(CliContext context, string text, string color) => context.Color ? Ansi.Paint(text, color) : text;

    private sealed class Reporter(Action<FileMigrationResult> report) : IProgress<FileMigrationResult>
    {
        public void Report(FileMigrationResult value) => report(value);
    }
}
