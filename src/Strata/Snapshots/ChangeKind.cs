namespace Strata.Snapshots;

/// <summary>How a leaf changed between two configurations.</summary>
public enum ChangeKind
{
    /// <summary>The leaf is new.</summary>
    Added,

    /// <summary>The leaf is gone.</summary>
    Removed,

    /// <summary>The leaf has another value, or the same value and another secrecy (tagged or untagged <c>!secret</c>).</summary>
    Modified,
}
