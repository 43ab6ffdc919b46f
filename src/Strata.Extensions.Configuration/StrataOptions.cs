using Microsoft.Extensions.Logging;
using Strata.Hierarchy;
using Strata.Reload;
using Strata.Reload.Watching;

namespace Strata.Extensions.Configuration;

/// <summary>
/// Settings for Strata inside a Microsoft.Extensions application: which environment and agent to load,
/// how to reload, and (through <see cref="Manager"/>) every pipeline setting of the core.
/// </summary>
public sealed class StrataOptions
{
    /// <summary>
    /// The environment to load (<c>environments/&lt;name&gt;.yaml</c>). When null, <see cref="Manager"/>'s setting is used,
    /// and when that is null too the environment is detected from <see cref="EnvironmentConfigOptions.EnvironmentDetectionVariables"/>
    /// (by default <c>STRATA_ENVIRONMENT</c>, <c>ENVIRONMENT</c>, <c>ENV</c>, <c>DOTNET_ENVIRONMENT</c>,
    /// <c>ASPNETCORE_ENVIRONMENT</c>; lower-cased; else <c>development</c>).
    /// </summary>
    public string? Environment { get; set; }

    /// <summary>The agent type whose layer to include (<c>agents/&lt;name&gt;.yaml</c>); <see cref="Manager"/>'s setting when null.</summary>
    public string? Agent { get; set; }

    /// <summary>How changes are picked up: strategy, delays, polling, backups. Defaults: immediate reload on file-system events.</summary>
    public ReloadOptions Reload { get; set; } = new();

    /// <summary>
    /// Every other pipeline setting of the core (environment-variable prefix, <c>--set</c> style overrides, limits, a
    /// validator, a migrator, the secret redactor). Copied when Strata starts, so later edits have no effect.
    /// </summary>
    public EnvironmentConfigOptions Manager { get; set; } = new();

    /// <summary>How changes are detected; file-system events (or polling, per <see cref="Reload"/>) when null.</summary>
    public IConfigChangeSource? ChangeSource { get; set; }

    /// <summary>
    /// Where the reloader logs. Configuration is built before dependency injection exists, so a reloader created by
    /// <c>IConfigurationBuilder.AddStrata</c> logs only through this; when it is null and the reloader is shared with
    /// a service provider, reload events are logged through that provider's logging instead.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
