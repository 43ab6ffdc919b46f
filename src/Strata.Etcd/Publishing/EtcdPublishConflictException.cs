namespace Strata.Etcd.Publishing;

/// <summary>
/// Another publisher (or another writer) changed the prefix between the moment this publish read it and its
/// transaction: nothing was written. Publishing again applies the change on top of the newer release.
/// </summary>
public sealed class EtcdPublishConflictException : EtcdException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public EtcdPublishConflictException()
        : base("another publisher changed the prefix first; nothing was written")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public EtcdPublishConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public EtcdPublishConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The revision this publish had read and expected to still be current.</summary>
    public long ExpectedRevision { get; init; }

    /// <summary>The release that was current when the transaction was refused, if any.</summary>
    public long? CurrentRelease { get; init; }
}
