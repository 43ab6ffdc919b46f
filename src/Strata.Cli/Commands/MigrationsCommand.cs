using System.CommandLine;
using System.Text;
using System.Text.Json;
using Strata.Migration;
using Strata.Model;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata migrations list|path FROM TO|new FROM TO|detect FILE [--migrations DIR]</c>: the migration scripts, the
/// path between two versions, a template for a new script, and the version of a file. Also where every migration
/// verb finds its scripts.
/// </summary>
internal static class MigrationsCommand
{
    private const string ScriptsFolder = "migrations";

    public static Command Create(CliContext context)
    {
        var command = new Command("migrations", "Inspect migration scripts or create a new one");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(PathCommand(context));
        command.Subcommands.Add(New(context));
        command.Subcommands.Add(MigrationsDetectCommand.Create(context));
        return command;
    }

    /// <summary>The <c>--migrations DIR</c> option every migration verb takes.</summary>
    public static Option<string?> MigrationsOption() => new("--migrations", "-m")
    {
        Description = "The migration scripts directory (default: the nearest migrations/ or config/migrations/ "
            + "from the target up to the current directory, then ./config/migrations)",
    };

    /// <summary>
    /// Finds the scripts directory: <c>--migrations</c> when given; otherwise, from <paramref name="start"/> upwards
    /// (to the current directory when <paramref name="start"/> is inside it, else one level), the first
    /// <c>migrations/</c> or <c>config/migrations/</c> holding a script; finally <c>./config/migrations</c>.
    /// </summary>
    public static string ResolveScriptsDirectory(string? explicitDirectory, string start)
    {
        if (explicitDirectory is not null)
        {
            return Directory.Exists(explicitDirectory)
                ? explicitDirectory
                : throw new UsageException($"migrations directory '{explicitDirectory}' does not exist");
        }

        var looked = new List<string>();
        foreach (var candidate in Candidates(start))
        {
            looked.Add(Display(candidate));
            if (Directory.Exists(candidate) && ConfigurationMigrator.FindScripts(candidate).Count > 0)
            {
                return Display(candidate);
            }
        }

        throw new UsageException($"no migration scripts found (looked in {string.Join(", ", looked.Distinct())}); pass --migrations DIR");
    }

    /// <summary>Loads the scripts; script errors surface as <see cref="ConfigurationLoadException"/> (exit 1, one line each).</summary>
    public static ConfigurationMigrator Load(string directory) => ConfigurationMigrator.Load(directory, displayDirectory: directory);

    /// <summary>A path as shown to the user: relative to the current directory when inside it.</summary>
    public static string Display(string path)
    {
        var full = Path.GetFullPath(path);
        var cwd = Directory.GetCurrentDirectory();
        var relative = Path.GetRelativePath(cwd, full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    }

    /// <summary>Rejects versions that are empty or would make an odd file name.</summary>
    public static void CheckVersionText(string version, string what)
    {
        if (string.IsNullOrWhiteSpace(version) || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new UsageException($"{what} '{version}' is not a version; use letters, digits, '.', '-' or '_' (e.g. 2.2)");
        }
    }

    private static IEnumerable<string> Candidates(string start)
    {
        var cwd = Path.TrimEndingDirectorySeparator(Directory.GetCurrentDirectory());
        var dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(start));
        var inside = dir == cwd || dir.StartsWith(cwd + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        var levels = 0;
        for (var level = dir; level is not null; level = Path.GetDirectoryName(level))
        {
            yield return Path.Combine(level, ScriptsFolder);
            yield return Path.Combine(level, "config", ScriptsFolder);
            levels++;
            if ((inside && level == cwd) || (!inside && levels == 2))
            {
                break;
            }
        }

        yield return Path.Combine(cwd, "config", ScriptsFolder);
    }

    private static Command List(CliContext context)
    {
        var migrations = MigrationsOption();
        var format = CommonOptions.Format("text", "json");
        var command = new Command("list", "List the versions and the migration scripts between them") { migrations, format };
        command.SetAction(parse =>
        {
            var dir = ResolveScriptsDirectory(parse.GetValue(migrations), Directory.GetCurrentDirectory());
            var migrator = Load(dir);
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(Json(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("migrations", dir);
                    WriteVersions(writer, migrator);
                    writer.WriteStartArray("steps");
                    foreach (var m in migrator.Migrations.OrderBy(m => m.FromVersion, Comparer<string>.Create(ConfigurationMigrator.CompareVersions)).ThenBy(m => m.ToVersion, Comparer<string>.Create(ConfigurationMigrator.CompareVersions)))
                    {
                        WriteStep(writer, m);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }));
                return ExitCodes.Ok;
            }

            context.Out.WriteLine($"migrations: {dir}");
            context.Out.WriteLine($"versions: {string.Join(", ", migrator.GetAvailableVersions())} (latest {migrator.LatestVersion})");
            foreach (var m in migrator.Migrations.OrderBy(m => m.FromVersion, Comparer<string>.Create(ConfigurationMigrator.CompareVersions)))
            {
                context.Out.WriteLine($"  {m.FromVersion} -> {m.ToVersion}  {m.Description}  ({FileName(m)}, {m.Transformations.Count} transformation{(m.Transformations.Count == 1 ? string.Empty : "s")})");
                foreach (var rule in new[] { m.Detection, m.TargetDetection }.OfType<VersionDetectionRule>())
                {
                    context.Out.WriteLine($"      detects unversioned {rule.Version} files: present [{string.Join(", ", rule.Present)}], absent [{string.Join(", ", rule.Absent)}]");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command PathCommand(CliContext context)
    {
        var from = new Argument<string>("FROM") { Description = "The starting version" };
        var to = new Argument<string>("TO") { Description = "The target version" };
        var migrations = MigrationsOption();
        var format = CommonOptions.Format("text", "json");
        var command = new Command("path", "Show the shortest migration path between two versions") { from, to, migrations, format };
        command.SetAction(parse =>
        {
            var dir = ResolveScriptsDirectory(parse.GetValue(migrations), Directory.GetCurrentDirectory());
            var migrator = Load(dir);
            var a = parse.GetValue(from)!;
            var b = parse.GetValue(to)!;
            foreach (var v in new[] { a, b }.Where(v => !migrator.IsKnownVersion(v)))
            {
                throw new UsageException($"unknown version '{v}'; known: {string.Join(", ", migrator.GetAvailableVersions())}");
            }

            var path = migrator.FindPath(a, b);
            if (path is null)
            {
                throw new ConfigurationLoadException(new ConfigurationError(dir, 0, 0, string.Empty, $"no migration path from {a} to {b}"));
            }

            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(Json(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("from", a);
                    writer.WriteString("to", b);
                    writer.WriteStartArray("path");
                    writer.WriteStringValue(a);
                    foreach (var step in path)
                    {
                        writer.WriteStringValue(step.ToVersion);
                    }

                    writer.WriteEndArray();
                    writer.WriteStartArray("steps");
                    foreach (var step in path)
                    {
                        WriteStep(writer, step);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }));
                return ExitCodes.Ok;
            }

            context.Out.WriteLine(string.Join(" -> ", path.Select(s => s.FromVersion).Append(b)));
            foreach (var step in path)
            {
                context.Out.WriteLine($"  {step.Title}  ({FileName(step)})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command New(CliContext context)
    {
        var from = new Argument<string>("FROM") { Description = "The version the new script migrates from" };
        var to = new Argument<string>("TO") { Description = "The version it migrates to" };
        var migrations = MigrationsOption();
        var command = new Command("new", "Create a migration script template (migrations/vFROM_to_vTO.yaml)") { from, to, migrations };
        command.SetAction(parse =>
        {
            var a = parse.GetValue(from)!;
            var b = parse.GetValue(to)!;
            CheckVersionText(a, "FROM");
            CheckVersionText(b, "TO");
            if (a == b)
            {
                throw new UsageException($"FROM and TO are both '{a}'");
            }

            var dir = NewScriptsDirectory(parse.GetValue(migrations));
            if (Directory.Exists(dir) && ConfigurationMigrator.FindScripts(dir).Count > 0)
            {
                try
                {
                    if (Load(dir).Migrations.FirstOrDefault(m => m.FromVersion == a && m.ToVersion == b) is { } existing)
                    {
                        throw new UsageException($"a migration {a} -> {b} already exists: {FileName(existing)}");
                    }
                }
                catch (ConfigurationLoadException)
                {
                    // Broken scripts do not stop a new one; 'migrations list' reports them.
                }
            }

            var file = Path.Combine(dir, MigrationScriptTemplate.FileName(a, b));
            if (File.Exists(file))
            {
                throw new UsageException($"'{Display(file)}' already exists");
            }

            try
            {
                MigrationScriptTemplate.Write(dir, a, b);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationLoadException(new ConfigurationError(Display(file), 0, 0, string.Empty, "cannot create the script: " + ex.Message));
            }

            context.Out.WriteLine($"created {Display(file)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string NewScriptsDirectory(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            return explicitDirectory;
        }

        var cwd = Directory.GetCurrentDirectory();
        foreach (var candidate in Candidates(cwd))
        {
            if (Directory.Exists(candidate))
            {
                return Display(candidate);
            }
        }

        if (Directory.Exists(Path.Combine(cwd, "config")))
        {
            return Display(Path.Combine(cwd, "config", ScriptsFolder));
        }

        throw new UsageException("no migrations directory here (./migrations or ./config/migrations); pass --migrations DIR");
    }

    private static string FileName(ConfigurationMigration m) => m.Source ?? "code";

    private static void WriteVersions(Utf8JsonWriter writer, ConfigurationMigrator migrator)
    {
        writer.WriteStartArray("versions");
        foreach (var v in migrator.GetAvailableVersions())
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
        writer.WriteString("latest", migrator.LatestVersion);
    }

    private static void WriteStep(Utf8JsonWriter writer, ConfigurationMigration m)
    {
        writer.WriteStartObject();
        writer.WriteString("from", m.FromVersion);
        writer.WriteString("to", m.ToVersion);
        writer.WriteString("description", m.Description);
        writer.WriteString("script", FileName(m));
        writer.WriteNumber("transformations", m.Transformations.Count);
        WriteRule(writer, "detect", m.Detection);
        WriteRule(writer, "detect_target", m.TargetDetection);
        writer.WriteEndObject();
    }

    /// <summary>Writes a detection rule as <c>{"present":[...],"absent":[...]}</c>, or null.</summary>
    internal static void WriteRule(Utf8JsonWriter writer, string name, VersionDetectionRule? rule)
    {
        if (rule is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteStartArray("present");
        foreach (var p in rule.Present)
        {
            writer.WriteStringValue(p.Text);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("absent");
        foreach (var p in rule.Absent)
        {
            writer.WriteStringValue(p.Text);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Indented JSON, written by <paramref name="write"/>.</summary>
    internal static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
