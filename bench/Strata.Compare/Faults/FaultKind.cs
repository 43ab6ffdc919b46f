namespace Strata.Compare.Faults;

/// <summary>The kinds of step in the fault script.</summary>
internal enum FaultKind
{
    /// <summary>A valid edit written in place (open with truncate, write, close).</summary>
    ValidInPlace,

    /// <summary>A valid edit written to a temp file and renamed over the config file.</summary>
    ValidRenameOver,

    /// <summary>Truncate the file, pause, then write a valid version.</summary>
    TruncateThenWrite,

    /// <summary>Write part of a valid version, pause, then the rest.</summary>
    PartialWrite,

    /// <summary>Write a version with a syntax error; it stays until the next step.</summary>
    Malformed,

    /// <summary>Delete the file, pause, then create it with a valid version.</summary>
    DeleteThenRecreate,

    /// <summary>Kubernetes ConfigMap update: a new timestamped directory, and <c>..data</c> swapped to it.</summary>
    SymlinkSwap,

    /// <summary>Well-formed JSON with a value the schema rejects; it stays until the next step.</summary>
    SchemaInvalid,
}
