namespace Strata.Etcd.Rollouts;

/// <summary>A rollout verb found no rollout to act on: none was ever recorded, or the latest one has ended.</summary>
public sealed class EtcdRolloutNotFoundException : EtcdException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public EtcdRolloutNotFoundException()
        : base("no active rollout")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is missing.</param>
    public EtcdRolloutNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public EtcdRolloutNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The latest rollout when it has ended (completed or aborted); null when there is none.</summary>
    public EtcdRollout? Latest { get; init; }
}
