namespace Strata.Sources;

/// <summary>
/// One string instance per distinct short key within a parse: files repeat the same key names in every
/// section (<c>host</c>, <c>port</c>, <c>timeout</c>), and a tree that shares them costs less memory and
/// compares keys by reference first. Long keys and keys past the pool's capacity are not pooled.
/// </summary>
internal sealed class KeyPool
{
    /// <summary>The longest key that is pooled, in characters.</summary>
    public const int MaxKeyLength = 64;

    private const int Capacity = 4096;
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates an empty pool.</summary>
    public KeyPool() => _lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The pooled string equal to <paramref name="key"/>, created on first sight.</summary>
    /// <param name="key">The key's characters.</param>
    public string Get(ReadOnlySpan<char> key)
    {
        if (_lookup.TryGetValue(key, out var pooled))
        {
            return pooled;
        }

        var text = key.ToString();
        if (key.Length <= MaxKeyLength && _keys.Count < Capacity)
        {
            _keys.Add(text, text);
        }

        return text;
    }
}
