using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Output;
using Strata.Etcd;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Secrets;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Cli.Commands;

/// <summary><c>strata show [DIR] [--env E] [--agent A] [--set k=v]... [--format yaml|json] [--explain]</c>.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var dir = CommonOptions.Directory();
        var env = CommonOptions.Env();
        var agent = CommonOptions.Agent();
        var set = CommonOptions.Set();
        var format = CommonOptions.Format("yaml", "json");
        var explain = new Option<bool>("--explain") { Description = "List every key with its origin and what it overrides" };
        var secrets = CommonOptions.ShowSecrets();
        var command = new Command("show", "Print the effective configuration (of a directory, or of etcd with --etcd)") { dir, env, agent, set, format, explain, secrets };
        var etcd = new EtcdCliOptions(required: false);
        etcd.AddTo(command);
        command.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            var (manager, fleet) = await etcd.ResolveAsync(parse, context, parse.GetValue(dir)!, parse.GetValue(env), parse.GetValue(agent), parse.GetValue(set), cancellationToken).ConfigureAwait(false);

            try
            {
                var snapshot = manager.Load();
                var redactor = parse.GetValue(secrets) ? null : manager.Options.Redactor;
                var json = parse.GetValue(format) == "json";
                if (parse.GetValue(explain))
                {
                    // Which environment is in effect and what decided it: the first line of the text listing; on stderr
                    // with --format json, so the JSON array stays as it is.
                    var header = "# " + manager.DescribeEnvironment();
                    (json ? context.Error : context.Out).WriteLine(header);
                    WriteExplain(context, snapshot, redactor, json);
                }
                else
                {
                    context.Out.Write(json ? ConfigJsonWriter.ToJson(snapshot.Root, redactor, indented: true) + Environment.NewLine : ConfigYamlWriter.ToYaml(snapshot.Root, redactor));
                }

                return ExitCodes.Ok;
            }
            finally
            {
                if (fleet is not null)
                {
                    await fleet.DisposeAsync().ConfigureAwait(false);
                }
            }
        }));
        return command;
    }

    private static void WriteExplain(CliContext context, ConfigSnapshot snapshot, SecretRedactor? redactor, bool json)
    {
        var explanations = snapshot.Keys.Select(snapshot.Explain).ToList();
        if (json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartArray();
                foreach (var e in explanations)
                {
                    var masked = IsSecretInAnyLayer(e, redactor);
                    writer.WriteStartObject();
                    writer.WriteString("path", e.Path.Text);
                    writer.WritePropertyName("value");
                    WriteValue(writer, e.Path, e.Value, redactor, masked);
                    WriteOrigin(writer, "origin", e.Winner);
                    writer.WriteStartArray("overrides");
                    foreach (var o in e.Overridden)
                    {
                        writer.WriteStartObject();
                        writer.WritePropertyName("value");
                        WriteValue(writer, e.Path, o.Value, redactor, masked);
                        WriteOrigin(writer, "origin", o.Value.Origin);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return;
        }

        var width = explanations.Count == 0 ? 0 : explanations.Max(e => e.Path.Text.Length);
        foreach (var e in explanations)
        {
            var masked = IsSecretInAnyLayer(e, redactor);
            string Text(ConfigNode node) => masked ? SecretRedactor.Mask : ValueText.Format(e.Path, node, redactor);
            var line = $"{e.Path.Text.PadRight(width)}  {Text(e.Value)}  <- {Describe(e.Winner)}";
            if (e.Overridden.Count > 0)
            {
                line += "  (overrides " + string.Join(", ", e.Overridden.Select(o => $"{Text(o.Value)} at {Describe(o.Value.Origin)}")) + ")";
            }

            context.Out.WriteLine(context.Color ? Ansi.Paint(line, e.Winner.Layer == LayerKind.Global ? Ansi.Grey : Ansi.Cyan) : line);
        }
    }

    /// <summary>A key secret in any layer is secret in all of them: what an overridden layer held is masked too.</summary>
    private static bool IsSecretInAnyLayer(ValueExplanation e, SecretRedactor? redactor) =>
        redactor is not null && e.Value is not ConfigMap && (redactor.IsSecret(e.Path, e.Value) || e.Overridden.Any(o => redactor.IsSecret(e.Path, o.Value)));

    private static void WriteValue(Utf8JsonWriter writer, ConfigPath path, ConfigNode node, SecretRedactor? redactor, bool masked)
    {
        if (masked)
        {
            writer.WriteStringValue(SecretRedactor.Mask);
        }
        else
        {
            ConfigJsonWriter.Write(writer, node, redactor, path);
        }
    }

    private static string Describe(Origin origin) => $"{origin} [{LayerName(origin.Layer)}]";

    internal static string LayerName(LayerKind layer) => OriginJson.LayerName(layer);

    private static void WriteOrigin(Utf8JsonWriter writer, string name, Origin origin) => OriginJson.WriteProperty(writer, name, origin);
}
