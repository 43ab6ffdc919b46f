using System.Diagnostics.CodeAnalysis;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Hierarchy;

/// <summary>
/// The layer stack and its operations: <see cref="Get{T}"/> (get and get_nested —
/// dot paths reach nested keys), <see cref="Set"/> (set and set_nested into a named layer),
/// <see cref="Has"/>, <see cref="Keys"/>, <see cref="GetEffectiveConfig"/>, <see cref="Merge"/>,
/// <see cref="Copy"/> and <see cref="ClearLayer"/>. Writers take a lock; the effective tree is cached
/// until the next write. For concurrent readers, publish a <see cref="ConfigSnapshot"/> with <see cref="ToSnapshot"/>.
/// </summary>
internal sealed class HierarchicalConfig
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<LayerKind, ConfigLayer> _layers = [];
    private ConfigMap? _effective;

    /// <summary>Creates an empty stack.</summary>
    public HierarchicalConfig()
    {
    }

    /// <summary>Creates a stack from layers (a later layer of the same kind replaces an earlier one).</summary>
    /// <param name="layers">The layers.</param>
    public HierarchicalConfig(IEnumerable<ConfigLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
            ThrowIfUndefined(layer.Kind, nameof(layers));
            _layers[layer.Kind] = layer;
        }
    }

    /// <summary>The layers present, lowest precedence first.</summary>
    public IReadOnlyList<ConfigLayer> Layers
    {
        get
        {
            lock (_gate)
            {
                return [.. _layers.Values];
            }
        }
    }

    /// <summary>Every leaf key of the effective configuration.</summary>
    public IReadOnlyList<string> Keys => [.. ConfigTree.Leaves(GetEffectiveConfig()).Select(l => l.Key.Text)];

    /// <summary>Replaces a whole layer.</summary>
    /// <param name="kind">The layer.</param>
    /// <param name="root">Its tree.</param>
    /// <param name="source">Its source name.</param>
    public void SetLayer(LayerKind kind, ConfigMap root, string source)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(source);
        ThrowIfUndefined(kind, nameof(kind));
        lock (_gate)
        {
            _layers[kind] = new ConfigLayer(kind, source, root);
            _effective = null;
        }
    }

    /// <summary>Reads a value from the effective configuration.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="key">A key or dot path.</param>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Complex types bind by reflection, as documented on ConfigBinder.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Complex types bind by reflection, as documented on ConfigBinder.")]
    public T Get<T>(string key)
    {
        var path = ConfigPath.Parse(key);
        if (!ConfigTree.TryGet(GetEffectiveConfig(), path, out var node))
        {
            throw new KeyNotFoundException($"configuration key '{key}' does not exist");
        }

        return ConfigBinder.Bind<T>(node, path);
    }

    /// <summary>Reads a value, or <paramref name="defaultValue"/> when absent.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="key">A key or dot path.</param>
    /// <param name="defaultValue">The default.</param>
    public T GetOrDefault<T>(string key, T defaultValue) => Has(key) ? Get<T>(key) : defaultValue;

    /// <summary>True when the key exists in the effective configuration.</summary>
    /// <param name="key">A key or dot path.</param>
    public bool Has(string key) => ConfigTree.TryGet(GetEffectiveConfig(), ConfigPath.Parse(key), out _);

    /// <summary>Sets a value in a layer (by default the runtime layer), creating intermediate maps.</summary>
    /// <param name="key">A key or dot path.</param>
    /// <param name="value">A scalar value or a <see cref="ConfigNode"/>.</param>
    /// <param name="layer">The layer to write.</param>
    public void Set(string key, object? value, LayerKind layer = LayerKind.Runtime)
    {
        ThrowIfUndefined(layer, nameof(layer));
        var path = ConfigPath.Parse(key);
        var origin = new Origin("runtime", 0, 0, layer);
        var node = value as ConfigNode ?? ConfigScalar.FromObject(value, origin);
        lock (_gate)
        {
            var existing = _layers.TryGetValue(layer, out var l) ? l : new ConfigLayer(layer, origin.Source, ConfigMap.Empty(origin));
            _layers[layer] = existing with { Root = ConfigTree.Set(existing.Root, path, node, origin) };
            _effective = null;
        }
    }

    /// <summary>Removes every value of a layer.</summary>
    /// <param name="layer">The layer.</param>
    public void ClearLayer(LayerKind layer)
    {
        ThrowIfUndefined(layer, nameof(layer));
        lock (_gate)
        {
            _layers.Remove(layer);
            _effective = null;
        }
    }

    /// <summary>The merged configuration of all layers.</summary>
    public ConfigMap GetEffectiveConfig()
    {
        lock (_gate)
        {
            return _effective ??= ConfigMerger.MergeAll(_layers.Values.Select(l => l.Root), Origin.Runtime);
        }
    }

    /// <summary>Merges another stack into this one, layer by layer; the other's values win.</summary>
    /// <param name="other">The other stack.</param>
    public void Merge(HierarchicalConfig other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var layer in other.Layers)
        {
            lock (_gate)
            {
                _layers[layer.Kind] = _layers.TryGetValue(layer.Kind, out var mine)
                    ? mine with { Root = ConfigMerger.Merge(mine.Root, layer.Root) }
                    : layer;
                _effective = null;
            }
        }
    }

    /// <summary>Returns an independent copy (trees are immutable and shared).</summary>
    public HierarchicalConfig Copy() => new(Layers);

    /// <summary>Returns the layers present, lowest precedence first, each with its source and leaf-key count.</summary>
    public override string ToString()
    {
        var layers = Layers;
        return layers.Count == 0
            ? "HierarchicalConfig: no layers"
            : "HierarchicalConfig: " + string.Join(", ", layers.Select(l => $"{l.Kind} ({l.Source}) {KeyCount(ConfigTree.CountLeaves(l.Root))}"));
    }

    /// <summary>Builds an immutable snapshot of the effective configuration.</summary>
    /// <param name="version">Its version.</param>
    /// <param name="timestamp">Its time.</param>
    /// <param name="environment">The environment name.</param>
    /// <param name="agent">The agent name.</param>
    public ConfigSnapshot ToSnapshot(long version, DateTimeOffset timestamp, string environment = EnvironmentConfigManager.DefaultEnvironment, string? agent = null) =>
        new(GetEffectiveConfig(), version, timestamp, Layers, environment, agent);

    private static string KeyCount(int count) => count == 1 ? "1 key" : $"{count} keys";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value that is not a named <see cref="LayerKind"/>.</summary>
    private static void ThrowIfUndefined(LayerKind kind, string parameter)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(parameter, kind, $"{(int)kind} is not a layer; use one of {string.Join(", ", Enum.GetNames<LayerKind>())}");
        }
    }
}
