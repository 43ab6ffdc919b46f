namespace Strata.Etcd.Instances;

/// <summary>What an instance of the fleet reports about the release it was given. The record spells it in lower case (<c>applied</c>).</summary>
public enum EtcdInstanceState
{
    /// <summary><c>applied</c>: the instance runs the release it names.</summary>
    Applied,

    /// <summary>
    /// <c>rejected</c>: the newest release did not load here (validation, a local <c>${VAR}</c>, a migration), so the
    /// instance keeps serving the release it names; the record's errors say why.
    /// </summary>
    Rejected,

    /// <summary><c>unhealthy</c>: the newest release loaded but failed the health check and was rolled back locally.</summary>
    Unhealthy,

    /// <summary><c>holding</c>: a newer release exists but a staged rollout has not reached this instance yet.</summary>
    Holding,
}
