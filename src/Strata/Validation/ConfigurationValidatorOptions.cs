using Strata.Secrets;

namespace Strata.Validation;

/// <summary>Settings of a <see cref="ConfigurationValidator"/>.</summary>
public sealed record ConfigurationValidatorOptions
{
    /// <summary>The defaults: not strict, the default secret patterns, the global custom-validator registry.</summary>
    public static ConfigurationValidatorOptions Default { get; } = new();

    /// <summary>When true, keys the schema does not declare are errors instead of warnings.</summary>
    public bool Strict { get; init; }

    /// <summary>Decides which values are secret; their values never appear in messages.</summary>
    public SecretRedactor Redactor { get; init; } = SecretRedactor.Default;

    /// <summary>Where <c>custom: NAME</c> in a schema file is looked up.</summary>
    public CustomValidatorRegistry CustomValidators { get; init; } = CustomValidatorRegistry.Global;
}
