using System.Diagnostics.CodeAnalysis;
using Strata.Hierarchy;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// What readers hold: one immutable, versioned, fully validated configuration. A flat index of every
/// path is built once, so a read is one hash lookup, takes no lock, and (for scalars) allocates
/// nothing. Snapshots share unchanged subtrees, and the unchanged pages of that index, with older versions.
/// </summary>
public sealed class ConfigSnapshot
{
    private PathIndex? _index;
    private IReadOnlyList<string>? _keys;
    private string? _contentHash;
    private object? _secretTexts;

    /// <summary>Creates a snapshot and builds its index.</summary>
    /// <param name="root">The effective tree.</param>
    /// <param name="version">The version, starting at 1 and rising by one per published snapshot.</param>
    /// <param name="timestamp">When it was built.</param>
    /// <param name="layers">The layers it was merged from, lowest precedence first.</param>
    /// <param name="environment">The environment name.</param>
    /// <param name="agent">The agent name, if any.</param>
    /// <param name="contentHash">The content hash, computed when null.</param>
    internal ConfigSnapshot(ConfigMap root, long version, DateTimeOffset timestamp, IReadOnlyList<ConfigLayer> layers, string environment, string? agent = null, string? contentHash = null)
        : this(root, version, timestamp, layers, environment, agent, contentHash, basis: null)
    {
    }

    /// <summary>
    /// Creates a snapshot whose flat index starts from <paramref name="basis"/>'s: only the paths under
    /// subtrees that are not shared by reference with the basis are visited, so a version that changed a few
    /// keys costs a copy of the index plus those keys, not a walk of the whole tree.
    /// </summary>
    internal ConfigSnapshot(ConfigMap root, long version, DateTimeOffset timestamp, IReadOnlyList<ConfigLayer> layers, string environment, string? agent, string? contentHash, ConfigSnapshot? basis)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(environment);
        Root = root;
        Version = version;
        Timestamp = timestamp;
        Layers = layers;
        Environment = environment;
        Agent = agent;
        _contentHash = contentHash;
        _index = basis?._index is { } previous ? SnapshotIndex.Rebase(previous, basis.Root, root) : SnapshotIndex.Build(root);
    }

    /// <summary>The version: 1 for the first published snapshot, then one more per publish.</summary>
    public long Version { get; }

    /// <summary>SHA-256 of the effective content: keys and values, never origins, with map keys in sorted order; computed on first use.</summary>
    public string ContentHash => _contentHash ??= ContentHasher.Hash(Root);

    /// <summary>When the snapshot was built.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The effective tree.</summary>
    public ConfigMap Root { get; }

    /// <summary>The layers merged into it, lowest precedence first.</summary>
    internal IReadOnlyList<ConfigLayer> Layers { get; }

    /// <summary>The environment this snapshot is for.</summary>
    public string Environment { get; }

    /// <summary>The agent this snapshot is for, if any.</summary>
    public string? Agent { get; }

    /// <summary>
    /// The secret texts found in this snapshot, kept with it by <c>Secrets.SecretTexts</c> so that they are computed once
    /// per snapshot and die with it; null until first asked for.
    /// </summary>
    internal ref object? SecretTexts => ref _secretTexts;

    /// <summary>Every leaf path (scalars, sequences and empty maps), in document order.</summary>
    public IReadOnlyList<string> Keys => _keys ??= SnapshotIndex.CollectKeys(Root);

    /// <summary>The number of leaf keys.</summary>
    public int Count => Keys.Count;

    private PathIndex Index => _index ??= SnapshotIndex.Build(Root);

    /// <summary>Returns a copy of this snapshot with another version and time (for republishing an older tree).</summary>
    /// <param name="version">The new version.</param>
    /// <param name="timestamp">The new time.</param>
    public ConfigSnapshot WithVersion(long version, DateTimeOffset timestamp) =>
        new(Root, version, timestamp, Layers, Environment, Agent, ContentHash, basis: this);

    /// <summary>True when the path exists.</summary>
    /// <param name="key">A dot path such as <c>redis.port</c>.</param>
    public bool Contains(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryFind(key, out _);
    }

    /// <summary>Reads a value. Throws <see cref="KeyNotFoundException"/> when absent and <see cref="ConfigurationBindingException"/> when it does not convert.</summary>
    /// <typeparam name="T">A scalar type, or any type <see cref="ConfigBinder"/> binds.</typeparam>
    /// <param name="key">A dot path such as <c>redis.port</c>.</param>
    public T Get<T>(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryFind(key, out var node)
            ? Convert<T>(key, node)
            : throw new KeyNotFoundException($"configuration key '{key}' does not exist");
    }

    /// <summary>Reads a value, or returns <paramref name="defaultValue"/> when the key is absent.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">The value for a missing key.</param>
    public T GetOrDefault<T>(string key, T defaultValue)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryFind(key, out var node) ? Convert<T>(key, node) : defaultValue;
    }

    /// <summary>Reads a scalar value without throwing.</summary>
    /// <typeparam name="T">A scalar type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and convertible.</param>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (TryFind(key, out var node) && ScalarConverter.TryConvert(node, out value, out _))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Finds the node at a path.</summary>
    /// <param name="key">The key.</param>
    /// <param name="node">The node.</param>
    public bool TryGetNode(string key, [NotNullWhen(true)] out ConfigNode? node)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryFind(key, out node);
    }

    /// <summary>Returns a view of the subtree at <paramref name="key"/>; an absent key gives an empty section.</summary>
    /// <param name="key">The section's path, e.g. <c>redis</c>.</param>
    public ConfigSection GetSection(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        TryFind(key, out var node);
        return new ConfigSection(this, key, node);
    }

    /// <summary>Binds the whole configuration, or the subtree at <paramref name="key"/>, to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The target type.</typeparam>
    /// <param name="key">The subtree's path; null or empty for the root.</param>
    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    public T Bind<T>(string? key = null)
    {
        if (string.IsNullOrEmpty(key))
        {
            return ConfigBinder.Bind<T>(Root, ConfigPath.Root);
        }

        if (!TryFind(key, out var node))
        {
            throw new KeyNotFoundException($"configuration section '{key}' does not exist");
        }

        return ConfigBinder.Bind<T>(node, ConfigPath.Parse(key));
    }

    /// <summary>Explains a key: the winning origin and every lower definition it overrides.</summary>
    /// <param name="key">The key.</param>
    public ValueExplanation Explain(string key)
    {
        var path = ConfigPath.Parse(key);
        if (!Index.TryGetValue(path.Text, out var node))
        {
            throw new KeyNotFoundException($"configuration key '{key}' does not exist");
        }

        var overridden = new List<LayerValue>();
        var winnerSeen = false;
        for (var i = Layers.Count - 1; i >= 0; i--)
        {
            var layer = Layers[i];
            if (ConfigTree.TryGet(layer.Root, path, out var defined))
            {
                if (!winnerSeen && defined.SameOrigin(node))
                {
                    winnerSeen = true;
                    continue;
                }

                if (winnerSeen || defined.Layer < node.Layer)
                {
                    overridden.Add(new LayerValue(layer.Kind, layer.Source, defined));
                }
            }
        }

        return new ValueExplanation(path, node, node.Origin, overridden);
    }

    /// <summary>Returns the version, the first 12 hex digits of the content hash, the environment, the agent and the key count.</summary>
    public override string ToString() =>
        $"ConfigSnapshot v{Version} ({ContentHash[..12]}): environment {Environment}, agent {Agent ?? "none"}, {Count} {(Count == 1 ? "key" : "keys")}";

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Complex types fall back to reflection binding, documented on ConfigBinder.")]

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Complex types fall back to reflection binding, documented on ConfigBinder.")]
    private static T Convert<T>(string key, ConfigNode node)
    {
        if (ScalarConverter.TryConvert<T>(node, out var value, out var error))
        {
            return value;
        }

        return node is ConfigScalar
            ? throw new ConfigurationBindingException(ConfigurationError.At(node.Origin, key, error!))
            : ConfigBinder.Bind<T>(node, ConfigPath.Parse(key));
    }

    internal void ReleaseIndex() => _index = null;

    /// <summary>The number of paths in the index (tests compare rebased and rebuilt indexes).</summary>
    internal int IndexCount => Index.Count;

    // A hit is one lookup of the text as given. Only on a miss is the text parsed, so that another spelling of a
    // path (a key quoted that could be bare, `redis`.port, or an index with leading zeros) finds it too.
    private bool TryFind(string key, [NotNullWhen(true)] out ConfigNode? node)
    {
        var index = Index;
        if (index.TryGetValue(key, out node))
        {
            return true;
        }

        return key.AsSpan().IndexOfAny('`', '[') >= 0
            && ConfigPath.TryParse(key, out var path, out _)
            && !ReferenceEquals(path.Text, key)
            && index.TryGetValue(path.Text, out node);
    }
}
