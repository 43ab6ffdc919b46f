namespace Strata.Etcd;

/// <summary>
/// etcd could not be reached or refused a request. The message is one line a person can act on
/// (which endpoints, what went wrong); it never contains a password.
/// </summary>
public class EtcdException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public EtcdException()
        : base("an etcd request failed")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public EtcdException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public EtcdException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
