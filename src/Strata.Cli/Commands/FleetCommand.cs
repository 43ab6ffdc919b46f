using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Strata.Cli.Output;
using Strata.Etcd.Instances;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata fleet status --etcd URL --prefix P [--format text|json]</c>: the current release, the rollout record,
/// and one row per live instance — id, release, version, state, wave, last update, errors — with totals per release
/// and per state. JSON: <c>{"release": N, "rollout": {…} or null, "instances": [{…}]}</c>, records as stored.
/// </summary>
internal static class FleetCommand
{
    public static Command Create(CliContext context)
    {
        var etcd = new EtcdCliOptions(required: true);
        var format = CommonOptions.Format("text", "json");
        var status = new Command("status", "Show which release every live instance runs, and its state") { format };
        etcd.AddTo(status);
        status.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            var options = etcd.Build(parse, context);
            var fleet = await EtcdFleetStatus.ReadAsync(options, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(ToJson(fleet));
            }
            else
            {
                WriteText(context, fleet, options.Prefix);
            }

            return ExitCodes.Ok;
        }));
        return new Command("fleet", "The instances of a fleet on etcd") { status };
    }

    private static void WriteText(CliContext context, EtcdFleetStatus fleet, string prefix)
    {
        var release = fleet.Release is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"release {r.Number} (published {r.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z by {r.Author})")
            : "no release";
        context.Out.WriteLine($"{prefix}: {release}");
        if (fleet.Rollout is { } rollout)
        {
            RolloutText.Write(context.Out, rollout);
        }
        else
        {
            context.Out.WriteLine("rollout: none");
        }

        if (fleet.Instances.Count == 0)
        {
            context.Out.WriteLine("no live instances");
            return;
        }

        var idWidth = Math.Max("INSTANCE".Length, fleet.Instances.Max(i => i.Id.Length));
        context.Out.WriteLine($"{"INSTANCE".PadRight(idWidth)}  {"RELEASE",7}  {"VERSION",7}  {"STATE",-9}  {"WAVE",4}  {"UPDATED",-20}  ERRORS");
        foreach (var i in fleet.Instances)
        {
            var state = EtcdInstanceRecord.StateName(i.State);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{i.Id.PadRight(idWidth)}  {Number(i.Release),7}  {i.Version,7}  {state,-9}  {Number(i.Wave),4}  {i.Updated.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z",-20}  {(i.Errors.Count > 0 ? i.Errors[0].ToString() : string.Empty)}");
            line = line.TrimEnd();
            context.Out.WriteLine(context.Color && i.State != EtcdInstanceState.Applied ? Ansi.Paint(line, Ansi.Red) : line);
            foreach (var more in i.Errors.Skip(1))
            {
                context.Out.WriteLine(new string(' ', idWidth + 2) + "  " + more);
            }
        }

        var byRelease = fleet.Instances.GroupBy(i => i.Release).OrderByDescending(g => g.Key ?? -1)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"release {Number(g.Key)}: {g.Count()}"));
        var byState = fleet.Instances.GroupBy(i => i.State).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{EtcdInstanceRecord.StateName(g.Key)}: {g.Count()}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fleet.Instances.Count} instance(s); {string.Join(", ", byRelease)}; {string.Join(", ", byState)}"));
    }

    private static string Number(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>The <c>fleet status --format json</c> document.</summary>
    internal static string ToJson(EtcdFleetStatus fleet)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            if (fleet.Release is { } release)
            {
                writer.WriteNumber("release", release.Number);
            }
            else
            {
                writer.WriteNull("release");
            }

            writer.WritePropertyName("rollout");
            if (fleet.Rollout is { } rollout)
            {
                writer.WriteRawValue(rollout.ToJson());
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartArray("instances");
            foreach (var instance in fleet.Instances)
            {
                writer.WriteRawValue(instance.ToJson());
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
