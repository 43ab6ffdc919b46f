using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Output;
using Strata.Migration;
using Strata.Model;
using Strata.Serialization;
using Strata.Sources;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata migrations detect FILE [--migrations DIR] [--format text|json]</c>: the version of a file and how it was
/// found (its version key, or the detection rule that matched), or why none was: every rule tried and what it
/// lacked or had. Exit 0 when a version was found, 1 when it is undetermined or the rules disagree, 2 for usage.
/// </summary>
internal static class MigrationsDetectCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A configuration file" };
        var migrations = MigrationsCommand.MigrationsOption();
        var format = CommonOptions.Format("text", "json");
        var command = new Command("detect", "Show the version of a configuration file and the rule that recognised it") { file, migrations, format };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException(Directory.Exists(path) ? $"'{path}' is a directory; detect reads one file" : $"'{path}' does not exist");
            }

            var scripts = MigrationsCommand.ResolveScriptsDirectory(parse.GetValue(migrations), Path.GetDirectoryName(Path.GetFullPath(path))!);
            var migrator = MigrationsCommand.Load(scripts);
            var display = path.Replace('\\', '/');
            var config = Read(path, display);
            var detection = migrator.Detector.Detect(config);
            var tried = detection.Method == VersionDetectionMethod.ExplicitKey ? [] : migrator.Detector.Rules;
            var errors = Problems(display, detection, migrator);
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(MigrationsCommand.Json(writer => WriteJson(writer, display, scripts, migrator, config, detection, tried, errors)));
            }
            else
            {
                WriteText(context, display, scripts, migrator, config, detection, tried);
            }

            ErrorWriter.Write(context, errors);
            return detection.Version is null ? ExitCodes.Invalid : ExitCodes.Ok;
        });
        return command;
    }

    private static ConfigMap Read(string path, string display)
    {
        var limits = ParserLimits.Default;
        byte[] bytes;
        try
        {
            bytes = PhysicalConfigFileSystem.Instance.ReadAllBytes(path, limits.MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ConfigurationLoadException(new ConfigurationError(display, 0, 0, string.Empty, "cannot read the file: " + ex.Message));
        }

        return ConfigFileParser.Parse(bytes, display, MigrationTool.LayerOf(display), limits);
    }

    private static IReadOnlyList<ConfigurationError> Problems(string display, VersionDetection detection, ConfigurationMigrator migrator)
    {
        if (detection.Error is { } error)
        {
            var at = detection.Origin is { } o && o.Source == display ? o : null;
            return [new ConfigurationError(display, at?.Line ?? 0, at?.Column ?? 0, detection.Key ?? string.Empty, error)];
        }

        return detection.Version is null
            ? [new ConfigurationError(display, 0, 0, string.Empty, $"version undetermined: no {ConfigurationVersionDetector.VersionKey} key and none of the {migrator.Detector.Rules.Count} detection rules matched")]
            : [];
    }

    private static void WriteText(CliContext context, string display, string scripts, ConfigurationMigrator migrator, ConfigMap config, VersionDetection detection, IReadOnlyList<VersionDetectionRule> tried)
    {
        var output = context.Out;
        output.WriteLine($"migrations: {scripts} (versions {string.Join(", ", migrator.GetAvailableVersions())})");
        switch (detection.Method)
        {
            case VersionDetectionMethod.ExplicitKey when detection.Version is not null:
                output.WriteLine($"{display}: version {detection.Version}, from its {detection.Key} key (line {detection.Origin?.Line})");
                return;
            case VersionDetectionMethod.Rule when detection.Rule is { } rule:
                output.WriteLine($"{display}: version {detection.Version}, detected by the rule at {rule.Location}");
                output.WriteLine($"  present [{string.Join(", ", rule.Present)}], absent [{string.Join(", ", rule.Absent)}]");
                return;
            case VersionDetectionMethod.Default:
                output.WriteLine($"{display}: version {detection.Version}, the default version (no version key and no detection rule matched)");
                return;
            case VersionDetectionMethod.ExplicitKey:
                output.WriteLine($"{display}: version undetermined: {detection.Error}");
                return;
        }

        output.WriteLine($"{display}: version undetermined: " + (detection.Error ?? $"no {ConfigurationVersionDetector.VersionKey} key and no detection rule matched"));
        output.WriteLine(tried.Count == 0 ? "  the migration scripts declare no detection rules" : "  rules tried:");
        foreach (var rule in tried)
        {
            output.WriteLine($"    {rule.Version}  {rule.Location}  {rule.Mismatch(config) ?? "matches"}");
        }

        if (detection.Error is null)
        {
            output.WriteLine($"  migrating and loading take it to be at the latest version, {migrator.LatestVersion}; to say otherwise, add {ConfigurationVersionDetector.VersionKey} or use strata migrate --from");
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, string display, string scripts, ConfigurationMigrator migrator, ConfigMap config, VersionDetection detection, IReadOnlyList<VersionDetectionRule> tried, IReadOnlyList<ConfigurationError> errors)
    {
        writer.WriteStartObject();
        writer.WriteString("file", display);
        writer.WriteString("migrations", scripts);
        writer.WriteString("latest", migrator.LatestVersion);
        WriteNullable(writer, "version", detection.Version);
        writer.WriteString("method", MethodName(detection.Method));
        WriteNullable(writer, "key", detection.Key);
        if (detection.Rule is { } matched)
        {
            writer.WriteStartObject("rule");
            WriteRuleFields(writer, matched);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("rule");
        }

        writer.WriteStartArray("tried");
        foreach (var rule in tried)
        {
            writer.WriteStartObject();
            WriteRuleFields(writer, rule);
            writer.WriteBoolean("matches", rule.Matches(config));
            WritePaths(writer, "lacks", rule.Missing(config));
            WritePaths(writer, "has", rule.Unexpected(config));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        ConfigurationErrorJson.WriteProperty(writer, errors);
        writer.WriteEndObject();
    }

    private static void WriteRuleFields(Utf8JsonWriter writer, VersionDetectionRule rule)
    {
        writer.WriteString("version", rule.Version);
        if (rule.Origin is { } origin)
        {
            writer.WriteStartObject("script");
            writer.WriteString("file", origin.Source);
            writer.WriteNumber("line", origin.Line);
            writer.WriteNumber("column", origin.Column);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("script");
        }

        WritePaths(writer, "present", rule.Present);
        WritePaths(writer, "absent", rule.Absent);
    }

    private static void WritePaths(Utf8JsonWriter writer, string name, IEnumerable<ConfigPath> paths)
    {
        writer.WriteStartArray(name);
        foreach (var p in paths)
        {
            writer.WriteStringValue(p.Text);
        }

        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string MethodName(VersionDetectionMethod method) => method switch
    {
        VersionDetectionMethod.ExplicitKey => "explicit_key",
        VersionDetectionMethod.Rule => "rule",
        VersionDetectionMethod.Default => "default",
        VersionDetectionMethod.Stated => "stated",
        _ => "undetermined",
    };
}
