namespace Strata.Migration;

/// <summary>What a <see cref="MigrationTransformation"/> does. In scripts each is spelled in lower case (<c>rename</c>, <c>move</c>, ...).</summary>
public enum MigrationOperation
{
    /// <summary>Changes a key's name; within the same map the key keeps its position (elsewhere it behaves like <see cref="Move"/>).</summary>
    Rename,

    /// <summary>Moves a value (and everything under it) to another path.</summary>
    Move,

    /// <summary>Copies a value to another path; the source stays.</summary>
    Copy,

    /// <summary>Adds a key with a value when it is absent; never overwrites.</summary>
    Add,

    /// <summary>Removes a key.</summary>
    Delete,

    /// <summary>Replaces the value of an existing key.</summary>
    Modify,

    /// <summary>Merges a map into another map (the source's values win) and removes the source.</summary>
    Merge,

    /// <summary>Splits one value (a map, a list, or a string with a separator) into several keys and removes the source.</summary>
    Split,
}
