using System.Buffers;
using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Secrets;

/// <summary>
/// Decides which values are secret and replaces them with <c>***</c> for display. A value is secret when
/// it was tagged <c>!secret</c> or when any key on its path matches a secret pattern (by default
/// password, passwd, secret, token, api_key, apikey, private_key, credential; case-insensitive substrings).
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret prints as.</summary>
    public const string Mask = "***";

    private readonly SearchValues<string>? _patterns;

    /// <summary>Creates a redactor with the given key patterns.</summary>
    /// <param name="patterns">Case-insensitive substrings of key names that mark a value secret.</param>
    public SecretRedactor(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        string[] kept = [.. patterns.Where(p => !string.IsNullOrWhiteSpace(p))];
        _patterns = kept.Length > 0 ? SearchValues.Create(kept, StringComparison.OrdinalIgnoreCase) : null;
    }

    /// <summary>The redactor with the default patterns.</summary>
    public static SecretRedactor Default { get; } = new(["password", "passwd", "secret", "token", "api_key", "apikey", "private_key", "credential"]);

    /// <summary>True when a key name matches a secret pattern.</summary>
    /// <param name="key">The key.</param>
    public bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _patterns is not null && key.AsSpan().ContainsAny(_patterns);
    }

    /// <summary>True when the path names a secret (any of its keys matches) or the node is tagged secret.</summary>
    /// <param name="path">The path.</param>
    /// <param name="node">The node at the path, if known.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsSecret(ConfigPath path, ConfigNode? node = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (node?.IsSecret == true)
        {
            return true;
        }

        foreach (var segment in path.Segments)
        {
            if (!segment.IsIndex && IsSecretKey(segment.Key!))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the path text names a secret.</summary>
    /// <param name="path">A dot path.</param>
    public bool IsSecret(string path) => ConfigPath.TryParse(path, out var p, out _) && IsSecret(p);

    /// <summary>Returns a copy of the tree with every secret value replaced by <see cref="Mask"/>.</summary>
    /// <param name="node">The tree.</param>
    /// <param name="path">The path of <paramref name="node"/>.</param>
    public ConfigNode Redact(ConfigNode node, ConfigPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(node);

        // A secret map stays a map so its keys still show; anything else at a secret path prints as the mask.
        return ConfigTreeRewriter.Rewrite(node, path ?? ConfigPath.Root, (child, at) =>
            child is not ConfigMap && !at.IsRoot && (child.IsSecret || at.AnyKey(IsSecretKey))
                ? ConfigScalar.String(Mask, child.Origin)
                : null);
    }
}
