namespace Strata.Validation.Engine;

/// <summary>A rule schema after its consistency checks: compiled key rules, their trie, and compiled cross-field rules.</summary>
internal sealed record CompiledSchema(IReadOnlyList<CompiledKeyRule> Keys, SchemaTrieNode Trie, IReadOnlyList<CompiledConstraint> Constraints);
