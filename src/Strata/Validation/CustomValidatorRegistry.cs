using System.Diagnostics.CodeAnalysis;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation;

/// <summary>
/// Named checks written in C# that schema files refer to with <c>custom: NAME</c>. Names are looked up
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
    /// <param name="validator">
    /// The check: given the value, its concrete path and the whole configuration, returns null when the value is
    /// fine or a message saying what is wrong. An exception it throws becomes an error, never a crash.
    /// </param>
    public void Register(string name, Func<ConfigNode, ConfigPath, ConfigSnapshot, string?> validator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(validator);
        lock (_gate)
        {
            _validators[name] = new KeyValidator(validator);
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
    internal bool TryGet(string name, [NotNullWhen(true)] out KeyValidator? validator)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _validators.TryGetValue(name, out validator);
        }
    }
}
