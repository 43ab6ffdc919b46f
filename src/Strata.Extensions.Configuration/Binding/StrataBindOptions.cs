using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Strata.Extensions.Configuration.Binding;

/// <summary>
/// Binds a named options instance from one section of the Strata configuration. The view is looked up when options
/// are created, not when this is constructed, so the pipeline's options validator can enumerate configure steps while
/// the first load is still running.
/// </summary>
internal sealed class StrataBindOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string name, string sectionKey, Func<IConfiguration> view) : IConfigureNamedOptions<TOptions>
    where TOptions : class
{
    public string Name { get; } = name;

    public string SectionKey { get; } = sectionKey;

    public void Configure(string? name, TOptions options)
    {
        if (string.Equals(name ?? Options.DefaultName, Name, StringComparison.Ordinal))
        {
            Bind(view(), options);
        }
    }

    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    /// <summary>Binds from another configuration (a candidate snapshot being validated).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only AddStrataOptions creates this type; it carries RequiresUnreferencedCode and keeps every member of TOptions.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only AddStrataOptions creates this type; it carries RequiresDynamicCode.")]
    public void Bind(IConfiguration configuration, TOptions options) => configuration.GetSection(SectionKey).Bind(options);
}
