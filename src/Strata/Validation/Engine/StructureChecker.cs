using System.Runtime.CompilerServices;
using Strata.Model;

namespace Strata.Validation.Engine;

/// <summary>Walks the tree with the schema trie: reports undeclared keys and containers of the wrong shape.</summary>
internal sealed class StructureChecker(RuleEvaluation run)
{
    private ConfigMap Root => run.Root;

    private void Add(string path, string message, ErrorSeverity severity, Origin? origin, string rule) => run.Add(path, message, severity, origin, rule);

    private bool IsSecret(ConfigPath path, ConfigNode node) => run.IsSecret(path, node);

    /// <summary>Walks the tree with the schema trie: reports undeclared keys and containers of the wrong shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CheckStructure(ConfigNode node, ConfigPath path, List<SchemaTrieNode> at)
    {
        if (node is ConfigMap map)
        {
            var explicitlyClosed = at.Any(n => n.IsExplicitlyClosed);
            var open = !explicitlyClosed && at.Any(n => n.IsOpen);
            var declaresKeys = at.Any(n => n.HasKeyChildren);
            foreach (var (key, child) in map)
            {
                var next = at.SelectMany(n => n.ChildrenForKey(key)).ToList();
                var childPath = path.Append(key);
                if (next.Count == 0)
                {
                    if (!open && (declaresKeys || explicitlyClosed))
                    {
                        ReportUnknown(childPath, child, at);
                    }

                    continue;
                }

                CheckStructure(child, childPath, next);
            }

            if (at.Any(n => n.HasIndexChildren && !n.HasKeyChildren) && !at.Any(n => n.IsTyped))
            {
                Add(path.Text, $"expected a list (the schema declares items under it), found {ValueText.Describe(node)}", ErrorSeverity.Error, node.Origin, "structure");
                run.Failed.Add(path.Text);
            }
        }
        else if (node is ConfigSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var next = at.SelectMany(n => n.ChildrenForIndex(i)).ToList();
                if (next.Count > 0)
                {
                    CheckStructure(seq[i], path.Append(i), next);
                }
            }

            if (at.Any(n => n.HasKeyChildren && !n.HasIndexChildren) && !at.Any(n => n.IsTyped))
            {
                Add(path.Text, $"expected a map (the schema declares keys under it), found {ValueText.Describe(node)}", ErrorSeverity.Error, node.Origin, "structure");
                run.Failed.Add(path.Text);
            }
        }
        else if (!path.IsRoot && node is ConfigScalar { ScalarKind: not ScalarKind.Null } && at.Any(n => n.HasChildren) && !at.Any(n => n.IsTyped))
        {
            var shape = at.Any(n => n.HasKeyChildren) ? "a map (the schema declares keys under it)" : "a list (the schema declares items under it)";
            Add(path.Text, $"expected {shape}, found {ValueText.Describe(node, IsSecret(path, node))}", ErrorSeverity.Error, node.Origin, "structure");
            run.Failed.Add(path.Text);
        }
    }

    private void ReportUnknown(ConfigPath path, ConfigNode node, List<SchemaTrieNode> siblings)
    {
        var policy = run.Options.Strict ? UnknownKeyPolicy.Error : run.Schema.UnknownKeys;
        if (policy == UnknownKeyPolicy.Ignore)
        {
            return;
        }

        var known = siblings.SelectMany(n => n.Keys.Keys).Distinct(StringComparer.Ordinal).ToList();
        var hint = NameSuggester.Hint(path.Last.Key!, known);
        Add(path.Text, $"unknown key: the schema does not declare it{hint}", policy == UnknownKeyPolicy.Error ? ErrorSeverity.Error : ErrorSeverity.Warning, node.Origin, "unknown_key");
    }
}
