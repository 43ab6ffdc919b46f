using System.Text;
using Strata.Sources;

namespace Strata.Cli.Commands;

/// <summary>
/// The file <c>strata new environment|agent</c> writes: a commented header saying what the layer is, where it
/// sits in the precedence order and how to run with it, then a commented example. It holds no keys, so it
/// loads as an empty layer until it is edited.
/// </summary>
internal static class LayerTemplate
{
    /// <summary>The folder of a layer kind under the config directory: <c>environments</c> or <c>agents</c>.</summary>
    public static string Folder(bool agent) => agent ? "agents" : "environments";

    /// <summary>Returns the template text of an environment or agent layer.</summary>
    /// <param name="agent">True for an agent layer, false for an environment layer.</param>
    /// <param name="name">The environment or agent name (already validated).</param>
    /// <param name="directory">The config directory as the user typed it, for the commands shown.</param>
    public static string Create(bool agent, string name, string directory)
    {
        var dir = directory == CommonOptions.DefaultDirectory ? string.Empty : " " + directory;
        var text = new StringBuilder();
        if (agent)
        {
            text.AppendLine($"# Agent layer: {name}");
            text.AppendLine("#");
            text.AppendLine($"# Loaded for agent type '{name}' only, on top of base.yaml and the environment layer");
            text.AppendLine("# (environments/<env>.yaml): keys set here override theirs. Environment variables");
            text.AppendLine("# (STRATA__SECTION__KEY), --set and values set at runtime override this file in turn.");
            text.AppendLine("# Maps merge key by key; scalars and sequences replace the inherited value whole.");
            text.AppendLine("#");
            text.AppendLine("# Run with it:");
            text.AppendLine($"#   strata show{dir} --agent {name} [--env <env>]");
            text.AppendLine($"#   in code: manager.ForAgent(\"{name}\"), or EnvironmentConfigOptions.Agent = \"{name}\"");
            text.AppendLine("#");
            text.AppendLine("# Example (uncomment and edit):");
            text.AppendLine("# learning:");
            text.AppendLine("#   learning_rate: 0.001");
        }
        else
        {
            text.AppendLine($"# Environment layer: {name}");
            text.AppendLine("#");
            text.AppendLine($"# Loaded when the environment is '{name}', on top of base.yaml: keys set here override");
            text.AppendLine("# base.yaml's. The agent layer (agents/<agent>.yaml), environment variables");
            text.AppendLine("# (STRATA__SECTION__KEY), --set and values set at runtime override this file in turn.");
            text.AppendLine("# Maps merge key by key; scalars and sequences replace the inherited value whole.");
            text.AppendLine("#");
            text.AppendLine("# Run with it:");
            text.AppendLine($"#   strata show{dir} --env {name}");
            text.AppendLine($"#   STRATA_ENVIRONMENT={name} <your application>");
            text.AppendLine("#");
            text.AppendLine("# Example (uncomment and edit):");
            text.AppendLine("# redis:");
            text.AppendLine($"#   host: redis.{name}.internal");
        }

        return text.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> only if no file is there: the text goes to a
    /// hidden temporary file in the same folder, flushed to disk, which is then moved into place without
    /// replacing anything, so a reader sees either no file or the whole file. Returns false when the target exists.
    /// </summary>
    public static bool TryWriteNew(string path, string content)
    {
        var folder = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }

            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The layer files that already exist for a name, in any supported extension.</summary>
    public static IEnumerable<string> Existing(string folder, string name) =>
        ConfigFileParser.Extensions.Select(e => Path.Combine(folder, name + e)).Where(File.Exists);
}
