using Strata.Extensions.Configuration;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds Strata to an <see cref="IConfigurationBuilder"/>.</summary>
public static class StrataConfigurationBuilderExtensions
{
    /// <summary>
    /// Adds a Strata config directory as a configuration source: <c>redis.port</c> reads as <c>redis:port</c>, list
    /// items as indices, and the data changes only when a new, validated version is published. Loading happens when
    /// the source is added to a <c>ConfigurationManager</c> (ASP.NET Core's <c>builder.Configuration</c>) or when the
    /// builder is built, and throws <see cref="Strata.Model.ConfigurationLoadException"/> (a <see cref="FormatException"/>,
    /// as the JSON provider throws for a malformed file) if the configuration is invalid: a malformed file, a duplicate
    /// key, keys that differ only in case, or two values that would share one configuration key.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="configDirectory">The config directory; a relative path resolves against the builder's base path.</param>
    /// <param name="configure">Sets environment, agent, reload and pipeline options.</param>
    public static IConfigurationBuilder AddStrata(this IConfigurationBuilder builder, string configDirectory, Action<StrataOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        var options = new StrataOptions();
        configure?.Invoke(options);
        return builder.Add(new StrataConfigurationSource(configDirectory, options));
    }
}
