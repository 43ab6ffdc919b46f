using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Secrets;
using Strata.Snapshots;
using Strata.Validation;

namespace Strata.Extensions.Configuration.Binding;

/// <summary>
/// Runs an options type's own validation (DataAnnotations, <c>Validate(...)</c> delegates, any
/// <see cref="IValidateOptions{TOptions}"/>) inside Strata's validate stage, on the candidate snapshot, before it can
/// be published. A value the options would reject therefore fails the reload with a located error, and
/// <c>IOptionsMonitor&lt;T&gt;</c> keeps the last valid instance instead of throwing from <c>CurrentValue</c>.
/// </summary>
internal sealed class OptionsSnapshotValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string name, string sectionKey, IServiceProvider services) : IConfigSnapshotValidator
    where TOptions : class
{
    private static readonly string TypeName = typeof(TOptions).Name;

    public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot)
    {
        var sectionFound = StrataConfigurationKeys.TryFind(snapshot.Root, sectionKey, out var sectionPath, out var sectionNode);
        var sectionText = sectionFound ? sectionPath!.Text : ConfigPath.FromSegments([.. sectionKey.Split(ConfigurationPath.KeyDelimiter).Select(PathSegment.ForKey)]).Text;
        TOptions options;
        try
        {
            options = Create(CandidateConfiguration.For(snapshot));
        }
        catch (InvalidOperationException ex)
        {
            var redactor = services.GetService<EnvironmentConfigManager>()?.Options.Redactor ?? SecretRedactor.Default;
            return [OptionsErrors.FromBindingFailure(snapshot, ex, TypeName, sectionNode?.Origin, sectionText, redactor)];
        }

        var errors = new List<ConfigurationError>();
        foreach (var validator in services.GetServices<IValidateOptions<TOptions>>())
        {
            ValidateOptionsResult result;
            try
            {
                result = validator.Validate(name, options);
            }
            catch (OptionsValidationException ex)
            {
                result = ValidateOptionsResult.Fail(ex.Failures);
            }

            if (!result.Failed)
            {
                continue;
            }

            if (validator is DataAnnotationValidateOptions<TOptions> && LocateDataAnnotations(snapshot, options) is { Count: > 0 } located)
            {
                errors.AddRange(located);
                continue;
            }

            foreach (var failure in result.Failures ?? [result.FailureMessage])
            {
                errors.Add(ConfigurationError.At(sectionNode?.Origin, sectionText, $"{failure} ({TypeName})"));
            }
        }

        return errors;
    }

    /// <summary>Builds the options the way the options factory would, with this section bound from the candidate.</summary>
    private TOptions Create(IConfiguration candidate)
    {
        var options = Activator.CreateInstance<TOptions>();
        foreach (var setup in services.GetServices<IConfigureOptions<TOptions>>())
        {
            switch (setup)
            {
                case StrataBindOptions<TOptions> bind:
                    if (string.Equals(bind.Name, name, StringComparison.Ordinal))
                    {
                        bind.Bind(candidate, options);
                    }

                    break;
                case IConfigureNamedOptions<TOptions> named:
                    named.Configure(name, options);
                    break;
                default:
                    if (string.Equals(name, Options.DefaultName, StringComparison.Ordinal))
                    {
                        setup.Configure(options);
                    }

                    break;
            }
        }

        foreach (var post in services.GetServices<IPostConfigureOptions<TOptions>>())
        {
            post.PostConfigure(name, options);
        }

        return options;
    }

    /// <summary>
    /// Runs DataAnnotations again through Strata's <see cref="OptionsValidation"/> to learn which member failed,
    /// and places each error at that member's value.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only AddStrataOptions creates this type; it carries RequiresUnreferencedCode.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only AddStrataOptions creates this type; it carries RequiresDynamicCode.")]
    private List<ConfigurationError> LocateDataAnnotations(ConfigSnapshot snapshot, TOptions options)
    {
        StrataConfigurationKeys.TryFind(snapshot.Root, sectionKey, out var path, out var node);
        return [.. OptionsValidation.Validate(options!, node, path).Errors
            .Select(e => e.ToConfigurationError() with { Message = $"{e.Message} ({TypeName})" })];
    }
}
