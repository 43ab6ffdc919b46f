using System.Text;
using System.Text.Json;
using Strata.Model;
using Strata.Secrets;
using Strata.Serialization;

namespace Strata.Migration;

/// <summary>
/// Writes migration results as JSON for scripts: per file its status, versions, every operation with its
/// status and reason, the changed keys (design shape <c>{"path","kind","old","new"}</c>, secrets as <c>"***"</c>)
/// and errors as <c>{"file","line","column","path","message"}</c>.
/// </summary>
internal static class MigrationReportJson
{
    /// <summary>Returns the JSON of a directory (or single-file) run.</summary>
    /// <param name="result">The run.</param>
    /// <param name="migrationsDirectory">The scripts directory used, as shown to the user.</param>
    /// <param name="redactor">Masks secrets; <see cref="SecretRedactor.Default"/> when null.</param>
    public static string ToJson(DirectoryMigrationResult result, string? migrationsDirectory = null, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, result, migrationsDirectory, redactor);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a run: <c>{"target","to","dry_run","migrations","files":[...],"summary":{...}}</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="result">The run.</param>
    /// <param name="migrationsDirectory">The scripts directory used.</param>
    /// <param name="redactor">Masks secrets.</param>
    public static void Write(Utf8JsonWriter writer, DirectoryMigrationResult result, string? migrationsDirectory = null, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString("target", result.Directory.Replace('\\', '/'));
        writer.WriteString("to", result.TargetVersion);
        writer.WriteBoolean("dry_run", result.DryRun);
        if (migrationsDirectory is not null)
        {
            writer.WriteString("migrations", migrationsDirectory.Replace('\\', '/'));
        }

        writer.WriteStartArray("files");
        foreach (var file in result.Files)
        {
            Write(writer, file, redactor);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("summary");
        writer.WriteNumber("files", result.Files.Count);
        writer.WriteNumber("migrated", result.Migrated);
        writer.WriteNumber("would_migrate", result.WouldMigrate);
        writer.WriteNumber("up_to_date", result.UpToDate);
        writer.WriteNumber("failed", result.Failed);
        writer.WriteNumber("no_path", result.NoPath);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes one file's result.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="file">The file's result.</param>
    /// <param name="redactor">Masks secrets.</param>
    public static void Write(Utf8JsonWriter writer, FileMigrationResult file, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(file);
        redactor ??= SecretRedactor.Default;
        var report = file.Report;
        writer.WriteStartObject();
        writer.WriteString("file", file.DisplayPath);
        writer.WriteString("layer", MigrationTransformation.LayerName(file.Layer));
        writer.WriteString("status", StatusName(file.Status));
        WriteNullable(writer, "from", report?.FromVersion);
        WriteNullable(writer, "to", report?.ToVersion);
        WriteNullable(writer, "detected_by", report?.Detection.Description);
        WriteNullable(writer, "note", report?.Note);
        WriteNullable(writer, "backup", file.BackupPath?.Replace('\\', '/'));
        WriteNullable(writer, "output", file.OutputPath?.Replace('\\', '/'));
        writer.WriteNumber("comments_dropped", file.CommentsDropped);
        writer.WriteStartArray("steps");
        foreach (var step in report?.Steps ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("from", step.FromVersion);
            writer.WriteString("to", step.ToVersion);
            writer.WriteString("description", step.Migration.Description);
            WriteNullable(writer, "script", step.Migration.Source);
            writer.WriteStartArray("operations");
            foreach (var op in step.Operations)
            {
                WriteOperation(writer, op);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("changes");
        ChangeJson.WriteArray(writer, report is { Migrated: true } ? report.Changes : [], redactor);
        ConfigurationErrorJson.WriteProperty(writer, file.Errors);
        writer.WriteEndObject();
    }

    /// <summary>The JSON spelling of a file status: migrated, would_migrate, up_to_date, no_path or failed.</summary>
    /// <param name="status">The status.</param>
    public static string StatusName(FileMigrationStatus status) => status switch
    {
        FileMigrationStatus.Migrated => "migrated",
        FileMigrationStatus.WouldMigrate => "would_migrate",
        FileMigrationStatus.UpToDate => "up_to_date",
        FileMigrationStatus.NoPath => "no_path",
        _ => "failed",
    };

    private static void WriteOperation(Utf8JsonWriter writer, OperationReport op)
    {
        var t = op.Transformation;
        writer.WriteStartObject();
        writer.WriteNumber("index", op.Index);
        writer.WriteString("operation", t.OperationName);
        writer.WriteString("summary", t.Summary);
        writer.WriteString("description", t.Description);
        writer.WriteString("status", op.Status.ToString().ToLowerInvariant());
        WriteNullable(writer, "reason", op.Reason);
        if (t.Origin is { } origin)
        {
            writer.WriteStartObject("script");
            writer.WriteString("file", origin.Source);
            writer.WriteNumber("line", origin.Line);
            writer.WriteNumber("column", origin.Column);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
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
}
