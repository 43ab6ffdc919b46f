using System.Diagnostics.CodeAnalysis;

namespace Strata.Validation;

/// <summary>
/// Named <see cref="KeyValidator"/>s that schema files refer to with <c>custom: NAME</c>. Names are looked up
/// when a configuration is validated, so a validator registered after the schema was loaded is still found.
/// Thread-safe.
/// </summary>
public sealed class CustomValidatorRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyValidator> _validators = new(StringComparer.Ordinal);

    /// <summary>The registry used when none is given, including for the config directory's <c>schema.yaml</c>.</summary>
    public static CustomValidatorRegistry Global { get; } = new();

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _validators.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Registers (or replaces) a validator under a name.</summary>
    /// <param name="name">The name used in schema files.</param>
    /// <param name="validator">The check.</param>
    public void Register(string name, KeyValidator validator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(validator);
        lock (_gate)
        {
            _validators[name] = validator;
        }
    }

    /// <summary>Removes a validator; returns false when the name was not registered.</summary>
    /// <param name="name">The name.</param>
    public bool Unregister(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _validators.Remove(name);
        }
    }

    /// <summary>Looks a validator up by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="validator">The validator, when registered.</param>
    public bool TryGet(string name, [NotNullWhen(true)] out KeyValidator? validator)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _validators.TryGetValue(name, out validator);
        }
    }
}
