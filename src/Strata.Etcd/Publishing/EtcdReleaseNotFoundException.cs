namespace Strata.Etcd.Publishing;

/// <summary>A rollback named a release that the prefix's history does not have.</summary>
public sealed class EtcdReleaseNotFoundException : EtcdException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public EtcdReleaseNotFoundException()
        : base("release not found")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is missing.</param>
    public EtcdReleaseNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public EtcdReleaseNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The release number asked for.</summary>
    public long Release { get; init; }
}
