using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds Strata to a host (ASP.NET Core's <c>WebApplicationBuilder</c>, the generic <c>HostApplicationBuilder</c>).</summary>
public static class StrataHostApplicationBuilderExtensions
{
    /// <summary>
    /// The one-line setup: adds the config directory to <c>builder.Configuration</c> (loading it now, and throwing
    /// <see cref="Strata.Model.ConfigurationLoadException"/> if it is invalid) and registers Strata's services sharing
    /// that provider's reloader, with watching stopped when the host stops. Unless the options,
    /// <c>STRATA_ENVIRONMENT</c> or a variable added to <c>Manager.EnvironmentDetectionVariables</c> name one, the
    /// Strata environment is the host's (<c>Production</c> loads
    /// <c>environments/production.yaml</c>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configDirectory">The config directory; a relative path resolves against the content root.</param>
    /// <param name="configure">Sets environment, agent, reload and pipeline options.</param>
    public static IHostApplicationBuilder AddStrata(this IHostApplicationBuilder builder, string configDirectory = "config", Action<StrataOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        builder.Configuration.AddStrata(configDirectory, options =>
        {
            configure?.Invoke(options);
            if (string.IsNullOrEmpty(options.Environment) && string.IsNullOrEmpty(options.Manager.Environment) && !NamesStrataEnvironment(options))
            {
                options.Environment = builder.Environment.EnvironmentName.ToLowerInvariant();
            }
        });
        builder.Services.AddStrata(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// True when a detection variable names the environment: <c>STRATA_ENVIRONMENT</c> or a variable added to
    /// <see cref="Strata.Hierarchy.EnvironmentConfigOptions.EnvironmentDetectionVariables"/>, when it is in that list.
    /// The other default variables are left to the host, which reads <c>DOTNET_ENVIRONMENT</c> and
    /// <c>ASPNETCORE_ENVIRONMENT</c> itself.
    /// </summary>
    private static bool NamesStrataEnvironment(StrataOptions options)
    {
        var leftToHost = Strata.Hierarchy.EnvironmentConfigManager.EnvironmentVariableNames.Where(n => n != "STRATA_ENVIRONMENT");
        foreach (var variable in (options.Manager.EnvironmentDetectionVariables ?? []).Except(leftToHost, StringComparer.Ordinal))
        {
            var value = options.Manager.EnvironmentVariables is { } variables
                ? variables.GetValueOrDefault(variable)
                : System.Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return true;
            }
        }

        return false;
    }
}
