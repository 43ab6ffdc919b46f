using System.CommandLine;
using Strata.Hierarchy;
using Strata.Snapshots;

namespace Strata.Cli;

/// <summary>The arguments and options that many verbs share, and how they become a manager.</summary>
internal static class CommonOptions
{
    public const string DefaultDirectory = "./config";

    public static Argument<string> Directory() => new("DIR")
    {
        Description = "The config directory (default ./config)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => DefaultDirectory,
    };

    public static Option<string?> Env() => new("--env", "-e") { Description = "The environment (default: detected from STRATA_ENVIRONMENT, ENVIRONMENT, ..., else development)" };

    public static Option<string?> Agent() => new("--agent", "-a") { Description = "The agent type whose layer to include" };

    public static Option<string[]> Set() => new("--set") { Description = "Override a key: --set redis.port=6380; a key holding . [ ] ` * = goes in backticks: --set `a.b`=1 (repeatable)", Arity = ArgumentArity.ZeroOrMore };

    public static Option<bool> ShowSecrets() => new("--show-secrets") { Description = "Print secret values in clear (they print as *** otherwise)" };

    public static Option<string> Format(params string[] formats) => new Option<string>("--format", "-f")
    {
        Description = "Output format: " + string.Join(" | ", formats),
        DefaultValueFactory = _ => formats[0],
    }.AcceptOnlyFromAmong(formats);

    /// <summary>A duration option (<c>250ms</c>, <c>1s</c>, <c>2m</c>): positive, or with <paramref name="allowZero"/> also <c>0s</c>.</summary>
    public static Option<TimeSpan> Duration(string name, string description, string fallback, bool allowZero = false) => new(name)
    {
        Description = description + $" (e.g. 250ms, 1s, 2m; default {fallback})",
        DefaultValueFactory = _ => DurationParser.Parse(fallback),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : fallback;
            if (DurationParser.TryParse(text, out var value) && (value > TimeSpan.Zero || allowZero && value == TimeSpan.Zero))
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a {(allowZero ? "non-negative" : "positive")} duration (e.g. 250ms, 1s, 2m)");
            return default;
        },
    };

    /// <summary>Creates a manager for a directory, checking that it exists.</summary>
    public static EnvironmentConfigManager Manager(CliContext context, string directory, string? environment, string? agent, IEnumerable<string>? overrides = null)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new UsageException($"config directory '{directory}' does not exist");
        }

        var options = new EnvironmentConfigOptions
        {
            Environment = environment,
            Agent = agent,
            EnvironmentVariables = context.Variables,
        };
        foreach (var o in overrides ?? [])
        {
            options.Overrides.Add(o);
        }

        return new EnvironmentConfigManager(directory, options);
    }
}
