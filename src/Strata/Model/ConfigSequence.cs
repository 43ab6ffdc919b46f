using System.Collections;

namespace Strata.Model;

/// <summary>An immutable ordered sequence of nodes.</summary>
public sealed class ConfigSequence : ConfigNode, IReadOnlyList<ConfigNode>
{
    private readonly ConfigNode[] _items;

    /// <summary>Creates a sequence.</summary>
    /// <param name="items">The items in order.</param>
    /// <param name="origin">Where the sequence was defined.</param>
    public ConfigSequence(IEnumerable<ConfigNode> items, Origin origin)
        : base(OriginParts.Of(origin))
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        Flags = FlagsOf(_items);
    }

    private ConfigSequence(ConfigNode[] items, in OriginParts origin, bool isSecret)
        : base(origin)
    {
        _items = items;
        IsSecret = isSecret;
        Flags = FlagsOf(items);
    }

    /// <inheritdoc />
    internal override NodeKind Kind => NodeKind.Sequence;

    internal ConfigSequence WithSecretFlag(bool isSecret) => isSecret == IsSecret ? this : new(_items, Parts, isSecret);

    /// <inheritdoc />
    public override string TypeName => "list";

    /// <summary>Creates a sequence that takes ownership of <paramref name="items"/> (parsers).</summary>
    /// <param name="items">The items.</param>
    /// <param name="origin">Where the sequence was defined.</param>
    internal static ConfigSequence FromItems(ConfigNode[] items, Origin origin) => new(items, OriginParts.Of(origin), false);

    /// <summary>As <see cref="FromItems(ConfigNode[], Origin)"/>, from the origin's parts.</summary>
    /// <param name="items">The items.</param>
    /// <param name="origin">Where the list was defined.</param>
    internal static ConfigSequence FromItems(ConfigNode[] items, in OriginParts origin) => new(items, origin, false);

    /// <summary>The items, for allocation-free walks inside the library.</summary>
    internal ReadOnlySpan<ConfigNode> Items => _items;

    /// <summary>The number of items.</summary>
    public int Count => _items.Length;

    /// <summary>The item at <paramref name="index"/>.</summary>
    /// <param name="index">The position.</param>
    public ConfigNode this[int index] => _items[index];

    /// <summary>Returns a sequence with the same origin and secrecy and these items (caller-owned array).</summary>
    /// <param name="items">The items.</param>
    internal ConfigSequence WithItems(ConfigNode[] items) => new(items, Parts, IsSecret);

    /// <summary>Returns a sequence with the item at <paramref name="index"/> replaced.</summary>
    /// <param name="index">The position.</param>
    /// <param name="value">The new item.</param>
    public ConfigSequence SetItem(int index, ConfigNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var copy = (ConfigNode[])_items.Clone();
        copy[index] = value;
        return new ConfigSequence(copy, Parts, IsSecret);
    }

    /// <summary>Returns a sequence without the item at <paramref name="index"/>.</summary>
    /// <param name="index">The position.</param>
    public ConfigSequence RemoveAt(int index)
    {
        var list = new List<ConfigNode>(_items);
        list.RemoveAt(index);
        return new ConfigSequence([.. list], Parts, IsSecret);
    }

    /// <inheritdoc />
    public override ConfigNode WithLayer(LayerKind layer) =>
        new ConfigSequence(_items.Select(i => i.WithLayer(layer)).ToArray(), Parts with { Layer = layer }, IsSecret);

    /// <inheritdoc />
    public override bool ValueEquals(ConfigNode? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not ConfigSequence s || s.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].ValueEquals(s._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int ValueHashCode()
    {
        var hash = new HashCode();
        hash.Add(NodeKind.Sequence);
        foreach (var item in _items)
        {
            hash.Add(item.ValueHashCode());
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<ConfigNode> GetEnumerator() => ((IEnumerable<ConfigNode>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
