using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Strata.Etcd.Publishing;
using Strata.Etcd.Storage;

namespace Strata.Cli.Commands;

/// <summary><c>strata history --etcd URL --prefix P [--format text|json]</c>: the releases published to a prefix, oldest first; the current one is marked.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliContext context)
    {
        var etcd = new EtcdCliOptions(required: true);
        var format = CommonOptions.Format("text", "json");
        var command = new Command("history", "List the releases published to an etcd prefix") { format };
        etcd.AddTo(command);
        command.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            using var publisher = new EtcdPublisher(etcd.Build(parse, context));
            var releases = await publisher.GetReleasesAsync(cancellationToken).ConfigureAwait(false);
            var current = (await publisher.GetCurrentReleaseAsync(cancellationToken).ConfigureAwait(false))?.Number;
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(ToJson(releases, current));
            }
            else if (releases.Count == 0)
            {
                context.Out.WriteLine($"no releases under {publisher.Prefix}");
            }
            else
            {
                WriteTable(context, releases, current);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteTable(CliContext context, IReadOnlyList<EtcdRelease> releases, long? current)
    {
        var authorWidth = Math.Max("AUTHOR".Length, releases.Max(r => r.Author.Length));
        context.Out.WriteLine($"{"RELEASE",8}  {"TIME",-20}  {"AUTHOR".PadRight(authorWidth)}  {"HASH",-12}  MESSAGE");
        foreach (var r in releases)
        {
            var number = r.Number.ToString(CultureInfo.InvariantCulture) + (r.Number == current ? "*" : " ");
            var message = r.Message.ReplaceLineEndings(" ");
            var line = $"{number,8}  {r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z",-20}  {r.Author.PadRight(authorWidth)}  {r.ContentHash[..Math.Min(12, r.ContentHash.Length)],-12}  {message}";
            context.Out.WriteLine(line.TrimEnd());
        }
    }

    private static string ToJson(IReadOnlyList<EtcdRelease> releases, long? current)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var r in releases)
            {
                writer.WriteStartObject();
                writer.WriteNumber("release", r.Number);
                writer.WriteBoolean("current", r.Number == current);
                writer.WriteNumber("revision", r.Revision);
                writer.WriteString("time", r.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                writer.WriteString("author", r.Author);
                writer.WriteString("message", r.Message);
                writer.WriteString("hash", r.ContentHash);
                if (r.RolledBackFrom is { } from)
                {
                    writer.WriteNumber("rolledBackFrom", from);
                }
                else
                {
                    writer.WriteNull("rolledBackFrom");
                }

                writer.WriteStartArray("files");
                foreach (var file in r.Files.Keys.Order(StringComparer.Ordinal))
                {
                    writer.WriteStringValue(file);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
