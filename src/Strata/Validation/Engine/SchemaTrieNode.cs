namespace Strata.Validation.Engine;

/// <summary>
/// The key rules arranged as a tree of pattern segments, so a configuration can be walked once to find which
/// keys the schema declares, and a rule's key references can be checked against the declarations.
/// </summary>
internal sealed class SchemaTrieNode
{
    public Dictionary<string, SchemaTrieNode> Keys { get; } = new(StringComparer.Ordinal);

    public SchemaTrieNode? AnyKey { get; set; }

    public Dictionary<int, SchemaTrieNode> Indices { get; } = [];

    public SchemaTrieNode? AnyIndex { get; set; }

    public List<CompiledKeyRule> Rules { get; } = [];

    public bool HasKeyChildren => Keys.Count > 0 || AnyKey is not null;

    public bool HasIndexChildren => Indices.Count > 0 || AnyIndex is not null;

    public bool HasChildren => HasKeyChildren || HasIndexChildren;

    /// <summary>A rule here gives the node a type.</summary>
    public bool IsTyped => Rules.Any(r => r.Types.Count > 0);

    /// <summary>A rule here says <c>additional_keys: false</c>.</summary>
    public bool IsExplicitlyClosed => Rules.Any(r => r.Rule.AdditionalKeys == false);

    /// <summary>
    /// Anything below is accepted: a declared container with nothing declared under it, or one that allows
    /// additional keys.
    /// </summary>
    public bool IsOpen =>
        Rules.Count > 0 && !IsExplicitlyClosed
        && (Rules.Any(r => r.Rule.AdditionalKeys == true)
            || (!HasChildren && Rules.All(r => r.Types.Count == 0 || r.Types.Any(t => t is ConfigValueType.Any or ConfigValueType.Map or ConfigValueType.List))));

    public static SchemaTrieNode Build(IEnumerable<CompiledKeyRule> rules)
    {
        var root = new SchemaTrieNode();
        foreach (var rule in rules)
        {
            var node = root;
            foreach (var segment in rule.Rule.Key.Segments)
            {
                node = segment.Kind switch
                {
                    PatternSegmentKind.Key => Child(node.Keys, segment.Key!),
                    PatternSegmentKind.AnyKey => node.AnyKey ??= new SchemaTrieNode(),
                    PatternSegmentKind.Index => Child(node.Indices, segment.Index),
                    _ => node.AnyIndex ??= new SchemaTrieNode(),
                };
            }

            node.Rules.Add(rule);
        }

        return root;
    }

    /// <summary>The nodes one segment down that a concrete map key leads to.</summary>
    public IEnumerable<SchemaTrieNode> ChildrenForKey(string key)
    {
        if (Keys.TryGetValue(key, out var exact))
        {
            yield return exact;
        }

        if (AnyKey is not null)
        {
            yield return AnyKey;
        }
    }

    /// <summary>The nodes one segment down that a concrete list index leads to.</summary>
    public IEnumerable<SchemaTrieNode> ChildrenForIndex(int index)
    {
        if (Indices.TryGetValue(index, out var exact))
        {
            yield return exact;
        }

        if (AnyIndex is not null)
        {
            yield return AnyIndex;
        }
    }

    /// <summary>True when the pattern refers to something the schema declares (or to something inside an open container).</summary>
    public bool Covers(KeyPattern pattern) => Covers(pattern, 0);

    /// <summary>Every declared pattern, for suggestions.</summary>
    public IEnumerable<string> DeclaredPatterns() => Descendants().SelectMany(n => n.Rules).Select(r => r.Rule.Key.Text).Distinct(StringComparer.Ordinal);

    private IEnumerable<SchemaTrieNode> Descendants()
    {
        yield return this;
        IEnumerable<SchemaTrieNode?> children = [.. Keys.Values, AnyKey, .. Indices.Values, AnyIndex];
        foreach (var child in children.OfType<SchemaTrieNode>())
        {
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }

    private bool Covers(KeyPattern pattern, int depth)
    {
        if (depth == pattern.Segments.Length)
        {
            return true;
        }

        if (IsOpen)
        {
            return true;
        }

        var segment = pattern.Segments[depth];
        IEnumerable<SchemaTrieNode?> candidates = segment.Kind switch
        {
            PatternSegmentKind.Key => [Keys.GetValueOrDefault(segment.Key!), AnyKey],
            PatternSegmentKind.AnyKey => [AnyKey, .. Keys.Values],
            PatternSegmentKind.Index => [Indices.GetValueOrDefault(segment.Index), AnyIndex],
            _ => [AnyIndex, .. Indices.Values],
        };
        return candidates.OfType<SchemaTrieNode>().Any(c => c.Covers(pattern, depth + 1));
    }

    private static SchemaTrieNode Child<TKey>(Dictionary<TKey, SchemaTrieNode> children, TKey key)
        where TKey : notnull
    {
        if (!children.TryGetValue(key, out var child))
        {
            child = new SchemaTrieNode();
            children[key] = child;
        }

        return child;
    }
}
