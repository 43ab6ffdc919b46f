using System.Diagnostics.CodeAnalysis;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// A view of one subtree of a snapshot, e.g. <c>redis</c>. Reading a direct child key is a lookup in
/// the section's map and allocates nothing.
/// </summary>
public sealed class ConfigSection
{
    internal ConfigSection(ConfigSnapshot snapshot, string path, ConfigNode? node)
    {
        Snapshot = snapshot;
        Path = path;
        Node = node;
    }

    /// <summary>The snapshot the section belongs to.</summary>
    public ConfigSnapshot Snapshot { get; }

    /// <summary>The section's path.</summary>
    public string Path { get; }

    /// <summary>The subtree, or null when the section does not exist.</summary>
    public ConfigNode? Node { get; }

    /// <summary>True when the section exists.</summary>
    public bool Exists => Node is not null;

    /// <summary>The direct child keys of a map section.</summary>
    public IEnumerable<string> Keys => Node is ConfigMap map ? map.Keys : [];

    /// <summary>Reads a value below the section. Throws like <see cref="ConfigSnapshot.Get{T}"/>.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="key">A path relative to the section.</param>
    public T Get<T>(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Node is ConfigMap map && PathSyntax.IsBare(key) && map.TryGetValue(key, out var child) && ScalarConverter.TryConvert<T>(child, out var value, out _))
        {
            return value;
        }

        return Snapshot.Get<T>(Path + "." + key);
    }

    /// <summary>Reads a value below the section without throwing.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="key">A path relative to the section.</param>
    /// <param name="value">The value.</param>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Node is ConfigMap map && PathSyntax.IsBare(key) && map.TryGetValue(key, out var child) && ScalarConverter.TryConvert(child, out value, out _))
        {
            return true;
        }

        return Snapshot.TryGet(Path + "." + key, out value);
    }

    /// <summary>Returns a nested section.</summary>
    /// <param name="key">A path relative to this section.</param>
    public ConfigSection GetSection(string key) => Snapshot.GetSection(Path + "." + key);

    /// <summary>Binds the section to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The target type.</typeparam>
    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    public T Bind<T>() => Node is null
        ? throw new KeyNotFoundException($"configuration section '{Path}' does not exist")
        : ConfigBinder.Bind<T>(Node, ConfigPath.Parse(Path));
}
