using Strata.Cli.Output;
using Strata.Migration;
using Strata.Model;

namespace Strata.Cli.Commands;

/// <summary>
/// The text of <c>strata migrate --check</c>: one line per file (would migrate, up to date, no path, failed) and the
/// summary; and how a file's version was found, in the words the migration verbs use.
/// </summary>
internal static class MigrationCheckText
{
    public static void Write(CliContext context, DirectoryMigrationResult result, string scripts, ConfigurationMigrator migrator)
    {
        context.Out.WriteLine($"migrations: {scripts} (versions {string.Join(", ", migrator.GetAvailableVersions())})");
        foreach (var file in result.Files)
        {
            var report = file.Report;
            var (line, color) = file.Status switch
            {
                FileMigrationStatus.WouldMigrate => ($"{file.DisplayPath}: would migrate {report!.FromVersion} -> {report.TargetVersion} (version {HowFound(report.Detection)})", Ansi.Yellow),
                FileMigrationStatus.UpToDate => ($"{file.DisplayPath}: up to date at {report!.FromVersion} ({(report.Detection.Method == VersionDetectionMethod.Undetermined ? "no version key and no detection rule matched: taken to be current" : "version " + HowFound(report.Detection))})", Ansi.Grey),
                FileMigrationStatus.NoPath => ($"{file.DisplayPath}: no path from {report!.FromVersion ?? "an unknown version"} to {result.TargetVersion}", Ansi.Red),
                _ => ($"{file.DisplayPath}: failed: {(file.Errors.Count > 0 ? file.Errors[0].Message : "see the errors")}", Ansi.Red),
            };
            context.Out.WriteLine(context.Color ? Ansi.Paint(line, color) : line);
            if (report?.Note is { } note && report.Detection.Method != VersionDetectionMethod.Undetermined)
            {
                context.Out.WriteLine($"  note: {note}");
            }
        }

        context.Out.WriteLine(result.Summary);
    }

    /// <summary>The stderr line for a file a check finds at an older version.</summary>
    public static ConfigurationError NeedsMigrating(FileMigrationResult file)
    {
        var report = file.Report!;
        var at = report.Detection.Method == VersionDetectionMethod.ExplicitKey ? report.Detection.Origin : null;
        return new ConfigurationError(file.DisplayPath, at?.Line ?? 0, at?.Column ?? 0, report.Detection.Key ?? string.Empty,
            $"needs migrating from {report.FromVersion} to {report.TargetVersion}");
    }

    /// <summary>How a version was found: <c>from its config_version key</c>, <c>detected by the rule at ...</c>, <c>stated with --from</c>.</summary>
    public static string HowFound(VersionDetection detection) => detection.Method switch
    {
        VersionDetectionMethod.ExplicitKey => $"from its {detection.Key} key",
        VersionDetectionMethod.Stated => "stated with --from",
        _ => detection.Description,
    };
}
