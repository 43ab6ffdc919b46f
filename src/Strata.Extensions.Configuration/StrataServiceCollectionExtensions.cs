using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Extensions.Configuration;
using Strata.Extensions.Configuration.Binding;
using Strata.Extensions.Configuration.Hosting;
using Strata.Extensions.Configuration.Services;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Reload;
using Strata.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Strata's manager, hot reloader, snapshot accessor, hosted service and typed options.</summary>
public static class StrataServiceCollectionExtensions
{
    /// <summary>
    /// Registers Strata for a config directory, owned by the container: <see cref="EnvironmentConfigManager"/>,
    /// <see cref="ConfigurationHotReloader"/>, <see cref="IConfigSnapshotAccessor"/>, and a hosted service that starts
    /// watching with the host and stops with it. The configuration is loaded when the host starts or when a Strata
    /// service is first resolved, whichever comes first; an invalid configuration throws
    /// <see cref="ConfigurationLoadException"/> then. <see cref="IConfigSnapshotValidator"/>s registered in the container
    /// (and the options validation of <see cref="AddStrataOptions{TOptions}"/>) join Strata's validate stage.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configDirectory">The config directory; a relative path resolves against the current directory.</param>
    /// <param name="configure">Sets environment, agent, reload and pipeline options.</param>
    public static IServiceCollection AddStrata(this IServiceCollection services, string configDirectory, Action<StrataOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        var options = new StrataOptions();
        configure?.Invoke(options);
        return Register(services, new StrataRuntime(Path.GetFullPath(configDirectory), options), ownsRuntime: true);
    }

    /// <summary>
    /// Registers the Strata source already in <paramref name="configuration"/> (added with
    /// <c>IConfigurationBuilder.AddStrata</c>), so configuration and services share one reloader: the same snapshots,
    /// versions and statistics. The configuration keeps owning the reloader; the hosted service stops watching when
    /// the host stops.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">A built configuration (ASP.NET Core's <c>builder.Configuration</c> is one).</param>
    /// <param name="configDirectory">Which Strata source, when there are several; the last one added when null.</param>
    public static IServiceCollection AddStrata(this IServiceCollection services, IConfiguration configuration, string? configDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var providers = (configuration as IConfigurationRoot)?.Providers.OfType<StrataConfigurationProvider>().ToList() ?? [];
        var wanted = configDirectory is null ? null : Path.GetFullPath(configDirectory);
        var provider = providers.LastOrDefault(p => wanted is null || string.Equals(p.Manager.ConfigDirectory, wanted, StringComparison.Ordinal))
            ?? throw new InvalidOperationException(providers.Count == 0
                ? "the configuration has no Strata source: call configuration.AddStrata(directory) before services.AddStrata(configuration)"
                : $"the configuration has no Strata source for '{wanted}' (it has: {string.Join(", ", providers.Select(p => p.Manager.ConfigDirectory))})");
        return Register(services, provider.Runtime, ownsRuntime: false);
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to a section of the Strata configuration (Strata's sources only, not the
    /// application's other providers) with DataAnnotations validation and <c>ValidateOnStart</c>. The options'
    /// validation (DataAnnotations and any <c>Validate(...)</c> added to the returned builder) also runs inside Strata's
    /// validate stage: an edit the options would reject fails the reload with an error at the value's
    /// <c>file:line:column</c>, so <c>IOptionsMonitor&lt;TOptions&gt;</c> never sees it and <c>CurrentValue</c> never throws.
    /// <c>OnChange</c> fires once per published version.
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="services">The services; <c>AddStrata</c> must be called too (before or after).</param>
    /// <param name="section">The section, as a Strata path (<c>redis</c>, <c>learning.schedule</c>).</param>
    /// <param name="name">The options name; the default (unnamed) options when null.</param>
    [RequiresUnreferencedCode("Binding and DataAnnotations validation use reflection over TOptions.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of TOptions' element types at run time.")]
    public static OptionsBuilder<TOptions> AddStrataOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(this IServiceCollection services, string section, string? name = null)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(section);
        var sectionKey = StrataConfigurationKeys.ToConfigurationKey(section);
        var optionsName = name ?? Options.Options.DefaultName;
        services.AddSingleton<IConfigureOptions<TOptions>>(sp => new StrataBindOptions<TOptions>(optionsName, sectionKey, () => GetServices(sp).View));
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(sp => new ConfigurationChangeTokenSource<TOptions>(optionsName, GetServices(sp).View));
        services.AddSingleton<IConfigSnapshotValidator>(sp => new OptionsSnapshotValidator<TOptions>(optionsName, sectionKey, sp));
        return services.AddOptions<TOptions>(optionsName).ValidateDataAnnotations().ValidateOnStart();
    }

    private static IServiceCollection Register(IServiceCollection services, StrataRuntime runtime, bool ownsRuntime)
    {
        if (services.Any(d => d.ServiceType == typeof(StrataRuntime)))
        {
            throw new InvalidOperationException("Strata is already registered in this service collection; call AddStrata once");
        }

        // Instances, so the container never disposes them; StrataServices disposes the runtime when the container owns it.
        services.AddSingleton(runtime);
        services.AddSingleton(runtime.Manager);
        services.AddSingleton(runtime.Reloader);
        services.AddSingleton(runtime.Reloader.Notifications);
        services.AddSingleton(sp => new StrataServices(runtime, ownsRuntime, sp.GetServices<IConfigSnapshotValidator>(), sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IConfigSnapshotAccessor>(sp => new ConfigSnapshotAccessor(GetServices(sp).Runtime));
        services.AddHostedService(sp => new StrataHostedService(GetServices(sp)));
        return services;
    }

    private static StrataServices GetServices(IServiceProvider sp) =>
        sp.GetService<StrataServices>() ?? throw new InvalidOperationException("Strata is not registered: call services.AddStrata(...) as well as AddStrataOptions");
}
