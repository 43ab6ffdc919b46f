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

    private readonly string[] _patterns;

    /// <summary>Creates a redactor with the given key patterns.</summary>
    /// <param name="patterns">Case-insensitive substrings of key names that mark a value secret.</param>
    public SecretRedactor(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = [.. patterns.Where(p => !string.IsNullOrWhiteSpace(p))];
    }

    /// <summary>The redactor with the default patterns.</summary>
    public static SecretRedactor Default { get; } = new(["password", "passwd", "secret", "token", "api_key", "apikey", "private_key", "credential"]);

    /// <summary>True when a key name matches a secret pattern.</summary>
    /// <param name="key">The key.</param>
    public bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var p in _patterns)
        {
            if (key.Contains(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the path names a secret (any of its keys matches) or the node is tagged secret.</summary>
    /// <param name="path">The path.</param>
    /// <param name="node">The node at the path, if known.</param>
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
        path ??= ConfigPath.Root;
        if (!path.IsRoot && IsSecret(path, node) && node is not ConfigMap)
        {
            return ConfigScalar.String(Mask, node.Origin);
        }

        switch (node)
        {
            case ConfigMap map:
            {
                var result = map;
                foreach (var (key, child) in map)
                {
                    var redacted = Redact(child, path.Append(key));
                    if (!ReferenceEquals(redacted, child))
                    {
                        result = result.SetItem(key, redacted);
                    }
                }

                return result;
            }

            case ConfigSequence seq:
            {
                var result = seq;
                for (var i = 0; i < seq.Count; i++)
                {
                    var redacted = Redact(seq[i], path.Append(i));
                    if (!ReferenceEquals(redacted, seq[i]))
                    {
                        result = result.SetItem(i, redacted);
                    }
                }

                return result;
            }

            default:
                return node;
        }
    }
}
